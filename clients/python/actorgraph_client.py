"""A client for actorgraph's HTTP/JSON API (docs/http-api.md).

Standard library only (urllib, json), so it runs with Debian's python3 and
no install: put clients/python on sys.path, or copy this one file.

    from actorgraph_client import Client
    ag = Client("http://127.0.0.1:8080", token=None)
    res = ag.query("MATCH (a:Actor)-[r]->(b) WHERE a.id = $id RETURN a, r, b",
                   id="wagner-group", valid_at="2022-03")
    for row in res:            # rows are dicts: column -> typed value
        print(row["b"].name, row["r"].valid)
    df = res.to_pandas()       # when pandas is installed
    g = res.to_networkx()      # when networkx is installed

Values come typed: nodes, relationships, paths and claims as small classes,
full dates as datetime.date and partial ones ("2022-03") as PartialDate,
NaN and infinities as floats. Errors raise ActorgraphError carrying the
kind, line and column the server gives.
"""

import datetime
import json
import math
import urllib.error
import urllib.parse
import urllib.request

__all__ = [
    "Client", "Result", "ActorgraphError", "PartialDate", "Interval", "Node",
    "Relationship", "Path", "Claim",
]


class ActorgraphError(Exception):
    """An error the server reported: HTTP status, kind, message, position."""

    def __init__(self, status, kind, message, line=None, column=None, hint=None):
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self):
        where = ""
        if self.line:
            where = " (line %d, column %d)" % (self.line, self.column or 0)
        return "%s error%s: %s" % (self.kind, where, self.message)


class PartialDate:
    """A date known to the year or month only: PartialDate(2022, 3) is 2022-03."""

    __slots__ = ("year", "month", "day")

    def __init__(self, year, month=None, day=None):
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, text):
        parts = text.split("-")
        if len(parts) > 3 or not all(p.isdigit() for p in parts):
            raise ValueError("not a date: %r" % text)
        nums = [int(p) for p in parts]
        return cls(*nums)

    def to_date(self):
        """The first day of the period, as a datetime.date."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def __str__(self):
        s = "%04d" % self.year
        if self.month:
            s += "-%02d" % self.month
        if self.day:
            s += "-%02d" % self.day
        return s

    def __repr__(self):
        return "PartialDate(%r)" % str(self)

    def __eq__(self, other):
        return isinstance(other, PartialDate) and str(self) == str(other)

    def __hash__(self):
        return hash(str(self))


def _date(text):
    """A full date becomes datetime.date, a partial one PartialDate."""
    if text is None:
        return None
    p = PartialDate.parse(text)
    return p.to_date() if p.day else p


class Interval:
    """When a fact holds: [valid_from, valid_to), either end open (None)."""

    __slots__ = ("valid_from", "valid_to", "to_latest")

    def __init__(self, valid_from=None, valid_to=None, to_latest=None):
        self.valid_from, self.valid_to, self.to_latest = valid_from, valid_to, to_latest

    @classmethod
    def from_json(cls, j):
        j = j or {}
        return cls(_date(j.get("from")), _date(j.get("to")), _date(j.get("to_latest")))

    def __repr__(self):
        return "Interval(%s, %s)" % (self.valid_from, self.valid_to)

    def __eq__(self, other):
        return isinstance(other, Interval) and (self.valid_from, self.valid_to) == (
            other.valid_from, other.valid_to)


class Node:
    """A node of a result: id (external), labels, name, properties, valid."""

    def __init__(self, j):
        self.id = j.get("id")
        self.labels = list(j.get("labels", []))
        self.name = j.get("name")
        self.aliases = [a.get("name") for a in j.get("aliases", [])]
        self.properties = {k: decode(v) for k, v in j.get("properties", {}).items()}
        self.valid = Interval.from_json(j.get("valid"))

    def __getitem__(self, key):
        return self.properties[key]

    def __repr__(self):
        return "Node(%r, %r, %s)" % (self.id, self.name, ":".join(self.labels))

    def __eq__(self, other):
        return isinstance(other, Node) and self.id == other.id

    def __hash__(self):
        return hash(("node", self.id))


class Relationship:
    """A relationship: type, start and end ids, valid interval, and what its
    claims add up to (contested, best asserting grade)."""

    def __init__(self, j):
        self.id = j.get("id")
        self.type = j.get("type")
        self.start = j.get("start")
        self.end = j.get("end")
        self.properties = {k: decode(v) for k, v in j.get("properties", {}).items()}
        self.valid = Interval.from_json(j.get("valid"))
        self.contested = bool(j.get("contested", False))
        self.grade = j.get("grade")
        self.asserts = j.get("asserts", 0)
        self.denies = j.get("denies", 0)
        # Present in entity cards (Client.entity), not in query results.
        self.direction = j.get("direction")
        self.other = j.get("other")
        self.claims = [Claim(c) for c in j.get("claims", [])]

    def __getitem__(self, key):
        return self.properties[key]

    def __repr__(self):
        return "Relationship(%r)-[:%s]->(%r)" % (self.start, self.type, self.end)

    def __eq__(self, other):
        return isinstance(other, Relationship) and self.id == other.id

    def __hash__(self):
        return hash(("rel", self.id))


class Path:
    """Alternating nodes and relationships: len(nodes) == len(relationships) + 1."""

    def __init__(self, j):
        self.nodes = [decode(n) for n in j.get("nodes", [])]
        self.relationships = [decode(r) for r in j.get("relationships", [])]

    def __len__(self):
        return len(self.relationships)

    def __repr__(self):
        return "Path(%s)" % " ".join(n.id or "?" for n in self.nodes)


class Claim:
    """A source saying (or denying) something: source, locator, quote,
    claimant, stance ("asserts"/"denies"), grade ("B2"), note."""

    def __init__(self, j):
        self.id = j.get("id")
        self.stance = j.get("stance")
        self.grade = j.get("grade")
        src = j.get("source") or {}
        self.source = src.get("id")
        self.source_name = src.get("name")
        self.locator = j.get("locator")
        self.quote = j.get("quote")
        who = j.get("claimant") or {}
        self.claimant = who.get("id")
        self.claimant_name = who.get("name")
        self.note = j.get("note")
        self.property = j.get("property")
        self.value = decode(j["value"]) if "value" in j else None
        self.recorded_txn = j.get("recorded_txn")

    def __repr__(self):
        return "Claim(%s %s from %r)" % (self.stance, self.grade, self.source)


_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def decode(v):
    """A JSON value of the API into Python: tagged objects become classes."""
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if "$temporal" in v and len(v) == 2 and "type" in v:
            return Temporal(v["type"], v["$temporal"])
        if len(v) == 1:
            (tag, x), = v.items()
            if tag == "$node":
                return Node(x)
            if tag == "$rel":
                return Relationship(x)
            if tag == "$path":
                return Path(x)
            if tag == "$date":
                return _date(x)
            if tag == "$float":
                return _FLOATS[x] if isinstance(x, str) else float(x)
        return {k: decode(x) for k, x in v.items()}
    return v


class Temporal:
    """A Cypher datetime, localdatetime, time, localtime or duration, as the
    server writes it (``text``); ``to_python()`` gives the datetime, time or
    (for durations) the text itself."""

    def __init__(self, type_, text):
        self.type = type_
        self.text = text

    def to_python(self):
        t = self.text.split("[")[0]  # a named zone follows the offset in brackets
        try:
            if self.type in ("datetime", "localdatetime"):
                return datetime.datetime.fromisoformat(t)
            if self.type in ("time", "localtime"):
                return datetime.time.fromisoformat(t)
        except ValueError:
            pass
        return self.text

    def __eq__(self, other):
        return isinstance(other, Temporal) and (self.type, self.text) == (other.type, other.text)

    def __repr__(self):
        return "Temporal(%r, %r)" % (self.type, self.text)

    def __str__(self):
        return self.text


def encode(v):
    """A Python value as a query parameter."""
    if isinstance(v, PartialDate):
        return {"$date": str(v)}
    if isinstance(v, datetime.datetime):
        raise TypeError("parameters take dates, not datetimes: use .date()")
    if isinstance(v, datetime.date):
        return {"$date": v.isoformat()}
    if isinstance(v, float) and not math.isfinite(v):
        return {"$float": "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if isinstance(v, (Node, Relationship)):
        return v.id
    return v


class Result:
    """A query's answer: columns, rows (dicts, column -> value) and stats."""

    def __init__(self, columns, rows, stats):
        self.columns = columns
        self.rows = rows
        self.stats = stats

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def values(self, column):
        return [r[column] for r in self.rows]

    def to_pandas(self):
        """A pandas DataFrame, one column per result column (needs pandas)."""
        import pandas  # python3-pandas

        return pandas.DataFrame([[r[c] for c in self.columns] for r in self.rows],
                                columns=self.columns)

    def to_networkx(self):
        """A networkx MultiDiGraph of every node and relationship in the rows,
        at any depth (paths, lists, maps). Nodes are keyed by id; edges by
        relationship id, with type, valid_from, valid_to, contested, grade."""
        import networkx  # python3-networkx

        g = networkx.MultiDiGraph()

        def add(v):
            if isinstance(v, Node):
                g.add_node(v.id, name=v.name, labels=v.labels, **_safe(v.properties))
            elif isinstance(v, Relationship):
                for end in (v.start, v.end):
                    if end not in g:
                        g.add_node(end)
                g.add_edge(v.start, v.end, key=v.id, type=v.type,
                           valid_from=v.valid.valid_from, valid_to=v.valid.valid_to,
                           contested=v.contested, grade=v.grade, **_safe(v.properties))
            elif isinstance(v, Path):
                for x in v.nodes + v.relationships:
                    add(x)
            elif isinstance(v, list):
                for x in v:
                    add(x)
            elif isinstance(v, dict):
                for x in v.values():
                    add(x)

        for r in self.rows:
            for v in r.values():
                add(v)
        return g

    def __repr__(self):
        return "Result(%d rows, columns=%r)" % (len(self.rows), self.columns)


_RESERVED = {"name", "labels", "type", "key", "valid_from", "valid_to", "contested", "grade"}


def _safe(props):
    return {k: v for k, v in props.items() if k not in _RESERVED}


class Client:
    """A connection to `actorgraph serve --http`. `token` is sent as
    `Authorization: Bearer TOKEN` (none needed without a tokens file)."""

    def __init__(self, url="http://127.0.0.1:8080", token=None, timeout=None):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    # ------------------------------------------------------------ transport

    def _request(self, method, path, body=None, content_type=None, accept=None):
        req = urllib.request.Request(self.url + path, data=body, method=method)
        if content_type:
            req.add_header("Content-Type", content_type)
        if accept:
            req.add_header("Accept", accept)
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        try:
            return urllib.request.urlopen(req, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise _error(e.code, e.read()) from None

    def _json(self, method, path, body=None, content_type=None):
        with self._request(method, path, body, content_type) as resp:
            return json.loads(resp.read().decode("utf-8"))

    @staticmethod
    def _query_body(cypher, params, valid_at, valid_from, valid_to, system_time, min_grade,
                    time_limit_ms, row_limit):
        options = {}
        for k, v in (("valid_at", valid_at), ("valid_from", valid_from), ("valid_to", valid_to)):
            if v is not None:
                options[k] = str(v) if isinstance(v, PartialDate) else (
                    v.isoformat() if isinstance(v, datetime.date) else v)
        for k, v in (("system_time", system_time), ("min_grade", min_grade),
                     ("time_limit_ms", time_limit_ms), ("row_limit", row_limit)):
            if v is not None:
                options[k] = v
        body = {"query": cypher, "params": {k: encode(v) for k, v in params.items()}}
        if options:
            body["options"] = options
        return json.dumps(body).encode("utf-8")

    # ------------------------------------------------------------ API

    def query(self, cypher, params=None, *, valid_at=None, valid_from=None, valid_to=None,
              system_time=None, min_grade=None, time_limit_ms=None, row_limit=None, **kwparams):
        """Runs a statement and returns a Result. Parameters come as keyword
        arguments (or a dict `params`, for names that clash with options).
        valid_at ("2022-03", a date or PartialDate), system_time (a
        transaction number) and min_grade ("B2") set the query's time and
        evidence filters; the statement's own FOR ... clauses win."""
        allp = dict(params or {}, **kwparams)
        body = self._query_body(cypher, allp, valid_at, valid_from, valid_to, system_time,
                                min_grade, time_limit_ms, row_limit)
        j = self._json("POST", "/api/query", body, "application/json")
        cols = j["columns"]
        rows = [dict(zip(cols, (decode(v) for v in row))) for row in j["rows"]]
        return Result(cols, rows, j.get("stats", {}))

    def stream(self, cypher, params=None, *, valid_at=None, valid_from=None, valid_to=None,
               system_time=None, min_grade=None, time_limit_ms=None, row_limit=None,
               **kwparams):
        """Like query(), but yields rows one by one as the server streams them
        (JSON lines), so a large result needs little memory on either side."""
        allp = dict(params or {}, **kwparams)
        body = self._query_body(cypher, allp, valid_at, valid_from, valid_to, system_time,
                                min_grade, time_limit_ms, row_limit)
        with self._request("POST", "/api/query", body, "application/json",
                           "application/x-ndjson") as resp:
            cols = None
            for line in resp:
                if not line.strip():
                    continue
                j = json.loads(line.decode("utf-8"))
                if isinstance(j, list):
                    yield dict(zip(cols, (decode(v) for v in j)))
                elif "columns" in j:
                    cols = j["columns"]
                elif "error" in j:
                    raise _error(200, json.dumps(j).encode("utf-8"))

    def entity(self, id, system_time=None):
        """The entity card: names, properties with their claims, claims about
        the entity, relationships with intervals and claims (as Claim and
        Relationship objects)."""
        path = "/api/entity/" + urllib.parse.quote(id, safe="")
        if system_time:
            path += "?system_time=%d" % system_time
        j = self._json("GET", path)
        j["properties"] = {k: decode(v) for k, v in j.get("properties", {}).items()}
        j["valid"] = Interval.from_json(j.get("valid"))
        j["claims"] = [Claim(c) for c in j.get("claims", [])]
        for p in j.get("property_claims", []):
            p["value"] = decode(p.get("value"))
            p["claims"] = [Claim(c) for c in p.get("claims", [])]
        j["relationships"] = [Relationship(r) for r in j.get("relationships", [])]
        return j

    def history(self, id):
        """What changed for an entity: {"id", "name", "transactions": [...]}."""
        return self._json("GET", "/api/history/" + urllib.parse.quote(id, safe=""))

    def schema(self):
        """Labels, relationship types, properties and actor styles."""
        return self._json("GET", "/api/schema")

    def import_data(self, data, format, name=None, source_grade=None, on_error=None,
                    dry_run=False):
        """Imports `data` (bytes or str: a file's content) with the importer
        for `format` (as `actorgraph import --format`). Needs a writer token."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        q = {"format": format}
        if name:
            q["name"] = name
        if source_grade:
            q["source_grade"] = source_grade
        if on_error:
            q["on_error"] = on_error
        if dry_run:
            q["dry_run"] = "true"
        return self._json("POST", "/api/import?" + urllib.parse.urlencode(q), data,
                          "application/octet-stream")


def _error(status, raw):
    try:
        e = json.loads(raw.decode("utf-8"))["error"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return ActorgraphError(status, "http", raw.decode("utf-8", "replace")[:500])
    return ActorgraphError(status, e.get("kind"), e.get("message"), e.get("line"),
                           e.get("column"), e.get("hint"))
