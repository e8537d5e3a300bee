"""`field__any_of=[...]`: `IN` for a long list of ids, sent as one array on PostgreSQL.

psycopg parses a query's placeholders on the client, so an `IN` of thousands of ids costs more to
send than to run; `= ANY(%s)` with the list as one array parameter costs nothing. SQLite binds
parameters natively, so it keeps `IN`.
"""

from django.db.models import Field, Lookup


@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
