"""Database sessions (Django's own), loaded with one plain query instead of through the ORM.

Every request from a learner loads their session, so its cost is on every page they see. Django's
database backend fetches the row through the ORM, whose query building costs several times the
query itself (measured here: about 0.75 ms against 0.04 ms for the same SELECT on a busy 2-core
machine). This backend reads the same table, the same columns and the same expiry rule with one
plain SELECT; saving, cycling keys and deleting stay Django's. SESSION_ENGINE names it.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            # Unknown or expired: as Django's backend does, the next save makes a new key.
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
