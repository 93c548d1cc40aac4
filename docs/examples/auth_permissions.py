# blog/models.py: four permissions per model, and one of its own
from sqlalchemy.orm import Mapped

from trestle.auth.models import Group, Permission, User
from trestle.db import Model


class Article(Model):
    __app_label__ = "blog"  # (set by the blog/ folder in a project)
    __permissions__ = [("publish_article", "Can publish articles")]

    title: Mapped[str]


def make_editor(session, user: User) -> None:
    """Put ``user`` in the editors group, which may add and publish articles."""
    from sqlalchemy import select

    wanted = ["add_article", "publish_article"]
    permissions = session.scalars(
        select(Permission).where(Permission.app_label == "blog", Permission.codename.in_(wanted))
    ).all()
    editors = session.scalar(select(Group).where(Group.name == "editors"))
    if editors is None:
        editors = Group(name="editors", permissions=list(permissions))
        session.add(editors)
    user.groups.append(editors)
    session.commit()
