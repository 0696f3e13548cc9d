"""The one database for conversations and canvases: SQLite in the data dir, or any SQLAlchemy URL.

engine = make_engine(settings)
"""

from __future__ import annotations

from sqlalchemy import MetaData, create_engine
from sqlalchemy.engine import Engine

from .settings import Settings

metadata = MetaData()


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if not url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{settings.data_dir / 'missionsguiden.sqlite'}"
    engine = create_engine(url)
    metadata.create_all(engine)
    return engine
