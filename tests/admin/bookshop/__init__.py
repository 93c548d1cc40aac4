"""A small bookshop app the admin tests manage: authors, books, tags, reviews, sales."""
