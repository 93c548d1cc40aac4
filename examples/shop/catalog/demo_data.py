"""The demo catalogue: a small tea shop, as ``python manage.py seed`` stocks it.

A few products have one, two or no items left, so the pages show "Only 1 left" and "Out of
stock"; one is retired (inactive), so the admin shows what the shop hides.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryData:
    """A category to seed."""

    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class ProductData:
    """A product to seed; its picture is ``catalog/products/<slug>.svg``."""

    slug: str
    name: str
    category: str  # the category's slug
    price_cents: int
    stock: int
    description: str
    #: How long ago it arrived: the newest in-stock products are the home page's window.
    added_days_ago: int = 90
    is_active: bool = True

    @property
    def image(self) -> str:
        """The product's picture, a path under the static files."""
        return f"catalog/products/{self.slug}.svg"


CATEGORIES = (
    CategoryData(
        "green-tea",
        "Green tea",
        "Steamed Japanese and pan-fired Chinese greens: fresh, vegetal and sweet. "
        "Brew them cooler than you think, 70 to 80 °C.",
    ),
    CategoryData(
        "black-tea",
        "Black tea",
        "Fully oxidised teas from India, Sri Lanka and China, from brisk breakfast blends "
        "to honeyed golden buds.",
    ),
    CategoryData(
        "oolong-tea",
        "Oolong tea",
        "Partly oxidised teas from Fujian and Taiwan, floral or roasted, made for brewing "
        "again and again.",
    ),
    CategoryData(
        "herbal-infusions",
        "Herbal infusions",
        "Herbs, flowers and fruit, with no caffeine: for the evening, or for anyone.",
    ),
    CategoryData(
        "teaware",
        "Teaware",
        "Teapots, cups and tools to brew loose-leaf tea well.",
    ),
)

PRODUCTS = (
    # -- green tea
    ProductData(
        "sencha-fukamushi",
        "Fukamushi Sencha",
        "green-tea",
        890,
        40,
        "A deep-steamed sencha from Shizuoka that brews a cloudy, emerald cup with a "
        "thick, sweet body and little bitterness.\n\n100 g in a resealable tin. Brew 1 "
        "minute at 70 °C.",
        added_days_ago=120,
    ),
    ProductData(
        "gyokuro-yame",
        "Gyokuro Yame",
        "green-tea",
        1850,
        12,
        "Shaded for three weeks before the harvest, this gyokuro from Yame in Fukuoka is "
        "rich in umami, like a broth of sweet greens.\n\n50 g tin. Brew small and cool: "
        "2 minutes at 55 °C.",
        added_days_ago=75,
    ),
    ProductData(
        "longjing-dragon-well",
        "Longjing Dragon Well",
        "green-tea",
        1240,
        25,
        "Flat, pan-fired leaves from the hills around West Lake in Hangzhou, with the "
        "famous toasted-chestnut aroma.\n\n100 g pouch. Brew 2 minutes at 80 °C.",
        added_days_ago=60,
    ),
    ProductData(
        "genmaicha",
        "Genmaicha with Toasted Rice",
        "green-tea",
        620,
        60,
        "Bancha green tea with toasted and popped brown rice: nutty, savoury and gentle, "
        "a tea for every day and every meal.\n\n200 g pouch. Brew 3 minutes at 85 °C.",
        added_days_ago=200,
    ),
    ProductData(
        "matcha-uji",
        "Uji Ceremonial Matcha",
        "green-tea",
        2400,
        1,
        "Stone-ground tencha from Uji, bright green and creamy, for thin tea (usucha) "
        "whisked in a bowl.\n\n30 g tin. Sift 2 g, add 70 ml of water at 75 °C and whisk.",
        added_days_ago=3,
    ),
    ProductData(
        "sakura-sencha",
        "Sakura Sencha (spring edition)",
        "green-tea",
        950,
        0,
        "Sencha with salted cherry blossoms, for the spring only. Back next March.",
        added_days_ago=300,
        is_active=False,
    ),
    # -- black tea
    ProductData(
        "assam-halmari",
        "Assam Halmari Gold",
        "black-tea",
        750,
        45,
        "A second-flush Assam full of golden tips: malty, strong and smooth, happy with "
        "a splash of milk.\n\n100 g tin. Brew 4 minutes at 95 °C.",
        added_days_ago=150,
    ),
    ProductData(
        "darjeeling-first-flush",
        "Darjeeling First Flush Castleton",
        "black-tea",
        1680,
        2,
        "The first spring picking of the Castleton garden: a light, flowery cup with the "
        "muscat notes Darjeeling is known for.\n\n50 g pouch. Brew 3 minutes at 90 °C; no "
        "milk.",
        added_days_ago=6,
    ),
    ProductData(
        "earl-grey",
        "Earl Grey with Bergamot",
        "black-tea",
        690,
        80,
        "Ceylon black tea scented with cold-pressed bergamot oil from Calabria and a few "
        "cornflower petals.\n\n100 g tin. Brew 3 to 4 minutes at 95 °C.",
        added_days_ago=180,
    ),
    ProductData(
        "lapsang-souchong",
        "Lapsang Souchong",
        "black-tea",
        820,
        30,
        "Withered and dried over pinewood fires in the Wuyi mountains: smoky, with a sweet "
        "dried-longan finish.\n\n100 g pouch. Brew 3 minutes at 95 °C.",
        added_days_ago=110,
    ),
    ProductData(
        "yunnan-golden-tips",
        "Yunnan Golden Tips",
        "black-tea",
        1160,
        0,
        "Downy golden buds from Fengqing that brew a cup of honey, cocoa and sweet potato, "
        "never bitter.\n\n50 g pouch. Brew 3 minutes at 90 °C.",
        added_days_ago=40,
    ),
    # -- oolong
    ProductData(
        "tie-guan-yin",
        "Tie Guan Yin Iron Goddess",
        "oolong-tea",
        1090,
        22,
        "A lightly oxidised, rolled oolong from Anxi with an orchid fragrance and a "
        "buttery texture.\n\n100 g pouch. Brew again and again: 1 minute at 95 °C, a little "
        "longer each time.",
        added_days_ago=95,
    ),
    ProductData(
        "da-hong-pao",
        "Da Hong Pao Big Red Robe",
        "oolong-tea",
        1950,
        2,
        "A charcoal-roasted rock oolong from the Wuyi cliffs: dark fruit, minerals and a "
        "long, warm finish.\n\n50 g tin. Brew in short infusions at boiling point.",
        added_days_ago=30,
    ),
    ProductData(
        "dong-ding",
        "Dong Ding Oolong",
        "oolong-tea",
        1320,
        18,
        "Rolled oolong from Lugu in Taiwan, medium roasted: toasted nuts, honey and a hint "
        "of stone fruit.\n\n100 g pouch. Brew 1 to 2 minutes at 95 °C.",
        added_days_ago=70,
    ),
    ProductData(
        "oriental-beauty",
        "Oriental Beauty",
        "oolong-tea",
        1580,
        9,
        "Bitten by leafhoppers before picking, these leaves make a heavily oxidised oolong "
        "tasting of muscat grapes and honey.\n\n50 g pouch. Brew 2 minutes at 85 °C.",
        added_days_ago=10,
    ),
    # -- herbal
    ProductData(
        "rooibos-vanilla",
        "Rooibos Vanilla",
        "herbal-infusions",
        540,
        50,
        "South African red bush with pieces of Madagascar vanilla: naturally sweet and "
        "caffeine-free.\n\n100 g pouch. Brew 5 minutes or more at 100 °C.",
        added_days_ago=160,
    ),
    ProductData(
        "peppermint",
        "Moroccan Peppermint",
        "herbal-infusions",
        450,
        70,
        "Whole peppermint leaves with a cool, clean taste; lovely after a meal, hot or "
        "iced.\n\n50 g pouch. Brew 5 minutes at 100 °C.",
        added_days_ago=220,
    ),
    ProductData(
        "chamomile",
        "Whole Chamomile Flowers",
        "herbal-infusions",
        590,
        35,
        "Whole Egyptian chamomile heads, apple-sweet and calming, for the last cup of the "
        "day.\n\n50 g pouch. Brew 5 minutes at 100 °C.",
        added_days_ago=140,
    ),
    ProductData(
        "hibiscus-rosehip",
        "Hibiscus & Rosehip",
        "herbal-infusions",
        520,
        0,
        "Tart hibiscus petals with rosehip and a little apple: ruby red and fruity, best "
        "iced in summer.\n\n100 g pouch. Brew 6 minutes at 100 °C.",
        added_days_ago=50,
    ),
    # -- teaware
    ProductData(
        "kyusu-tokoname",
        "Tokoname Kyusu Teapot, 300 ml",
        "teaware",
        4200,
        3,
        "A side-handled teapot of unglazed red Tokoname clay, with a fine built-in "
        "filter: made for Japanese greens.\n\nHolds 300 ml. Rinse with hot water, no soap.",
        added_days_ago=85,
    ),
    ProductData(
        "tetsubin-cast-iron",
        "Cast-Iron Tetsubin, 0.8 l",
        "teaware",
        6800,
        1,
        "A cast-iron pot from Iwate with the classic hobnail pattern, enamelled inside and "
        "with a stainless-steel infuser.\n\nHolds 0.8 l. Dry it well after each use.",
        added_days_ago=45,
    ),
    ProductData(
        "glass-teapot",
        "Borosilicate Glass Teapot, 600 ml",
        "teaware",
        2950,
        14,
        "Watch the leaves unfurl: a heat-proof glass teapot with a removable glass "
        "infuser.\n\nHolds 600 ml. Dishwasher safe.",
        added_days_ago=8,
    ),
    ProductData(
        "porcelain-cups",
        "Porcelain Tea Cups, Set of Two",
        "teaware",
        1800,
        20,
        "Two thin, white porcelain cups of 120 ml with a celadon rim, light in the "
        "hand.\n\nDishwasher safe.",
        added_days_ago=130,
    ),
    ProductData(
        "bamboo-chasen",
        "Bamboo Matcha Whisk (Chasen)",
        "teaware",
        1450,
        8,
        "A whisk carved from a single piece of bamboo, with 100 tines, to whisk matcha "
        "into a fine foam.\n\nSoak it in warm water before use.",
        added_days_ago=55,
    ),
    ProductData(
        "tea-infuser",
        "Stainless-Steel Tea Infuser",
        "teaware",
        790,
        100,
        "A wide, fine-mesh basket that sits in any mug or pot, with a lid that doubles as "
        "a drip tray.\n\nDishwasher safe.",
        added_days_ago=250,
    ),
)
