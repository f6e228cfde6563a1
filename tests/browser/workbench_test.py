#!/usr/bin/env python3
"""The workbench in a real browser (headless Chromium over the DevTools pipe).

Starts `actorgraph serve --http 127.0.0.1:0` on a throw-away Sahel database
and checks, in the page: it loads; a query given by /?q= renders its rows in
the table and its nodes in the network; clicking a node shows its claims;
moving the valid-time slider past the end of a relationship removes it.
Screenshots go to --out (test artefacts), and with --docs also to docs/.

Fails (never skips) when Chromium is missing: scripts/setup.sh installs it.
Python standard library only.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

DEADLINE_MS = 30000
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def start_server(actorgraph, db):
    """Starts the server and returns (process, base URL) once it prints its address."""
    proc = subprocess.Popen([actorgraph, "--db", db, "serve", "--http", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in proc.stdout:  # blocks until the server writes (or exits)
        seen.append(line)
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)/", line)
        if m:
            # Keep reading what it logs, so a full pipe never blocks it.
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, m.group(1)
    raise RuntimeError("the server exited before listening:\n" + "".join(seen))


def api(base, query, params=None):
    body = json.dumps({"query": query, "params": params or {}}).encode()
    req = urllib.request.Request(base + "/api/query", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def api_get(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return json.load(r)


def untag(v):
    if isinstance(v, dict) and len(v) == 1:
        k = next(iter(v))
        if k in ("$node", "$rel", "$path"):
            return v[k]
    return v


def graph_of(rows):
    """Distinct node ids and relationship ids in a result, as the page finds them."""
    nodes, rels = set(), {}

    def walk(v):
        if isinstance(v, list):
            for x in v:
                walk(x)
            return
        if not isinstance(v, dict):
            return
        tagged = len(v) == 1 and next(iter(v)) in ("$node", "$rel", "$path")
        kind = next(iter(v)) if tagged else None
        v = untag(v)
        if kind == "$path":
            for x in v["nodes"] + v["relationships"]:
                walk(x)
        elif kind == "$node":
            nodes.add(v["id"])
        elif kind == "$rel":
            rels[v["id"]] = v
            nodes.add(v["start"])
            nodes.add(v["end"])
        else:
            for x in v.values():
                walk(x)

    walk(rows)
    return nodes, rels


def day_after(date_text):
    """The first day after every day of a partial date, as YYYY-MM-DD."""
    parts = [int(x) for x in date_text.split("-")]
    if len(parts) == 1:
        return "%04d-01-01" % (parts[0] + 1)
    if len(parts) == 2:
        y, m = parts
        return "%04d-%02d-01" % (y + (m == 12), 1 if m == 12 else m + 1)
    import datetime
    return (datetime.date(*parts) + datetime.timedelta(days=1)).isoformat()


def date_text(v):
    return v["$date"] if isinstance(v, dict) else v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--actorgraph", required=True)
    ap.add_argument("--out", required=True, help="directory for screenshots (test artefacts)")
    ap.add_argument("--docs", help="also write the two documentation screenshots here")
    args = ap.parse_args()

    chromium = cdp.find_chromium()
    if not chromium:
        print("FAIL chromium is not installed (scripts/setup.sh installs the Debian package)")
        return 1
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="ag-browser-")
    db = os.path.join(work, "db")
    subprocess.run([args.actorgraph, "--db", db, "init", "--sahel"], check=True,
                   stdout=subprocess.DEVNULL)
    server, base = start_server(args.actorgraph, db)
    browser = None
    try:
        # A relationship with a start and an end, from the data (not hard-coded):
        # the page will show its first end's neighbourhood.
        found = api(base, "MATCH (a)-[r]->(b) WHERE valid_from(r) IS NOT NULL AND "
                          "valid_to(r) IS NOT NULL RETURN a.id, r ORDER BY a.id LIMIT 1")
        check(len(found["rows"]) == 1, "the Sahel data has a relationship with an end date")
        actor, ending = found["rows"][0][0], untag(found["rows"][0][1])
        query = "MATCH p = (a {id: '%s'})-[r]-(b) RETURN p" % actor
        expected = api(base, query)
        nodes, rels = graph_of(expected["rows"])
        check(ending["id"] in rels, "the page's query returns the relationship that ends")

        browser = cdp.Browser(chromium, log=open(os.path.join(args.out, "chromium.log"), "w"))
        browser.open_page()
        browser.navigate(base + "/?q=" + urllib.parse.quote(query))
        state = browser.wait_for("document.body.dataset.state === 'done' || "
                                 "document.body.dataset.state === 'error' ? "
                                 "document.body.dataset.state : null", DEADLINE_MS)
        check(state == "done", "the page loads and runs the query from ?q= (state %s, status %r)"
              % (state, browser.eval("document.getElementById('status').textContent")))
        rows = browser.eval("document.querySelectorAll('#table tbody tr').length")
        check(rows == len(expected["rows"]),
              "the table shows the %d rows (%s)" % (len(expected["rows"]), rows))
        drawn = browser.eval("document.querySelectorAll('#network g.node').length")
        check(drawn == len(nodes), "the network draws the %d distinct nodes (%s)" % (len(nodes), drawn))
        drawn_ids = set(browser.eval(
            "Array.from(document.querySelectorAll('#network g.node')).map(g => g.dataset.id)"))
        check(drawn_ids == nodes, "the drawn nodes are the result's nodes")
        edges = browser.eval("document.querySelectorAll('#network g.edge').length")
        check(edges == len(rels), "the network draws the %d relationships (%s)" % (len(rels), edges))
        # The page's reading of partial dates, as the engine's (common/interval.h).
        answers = browser.eval("""['2022-04-10', '2022-02-10', '2022-03-05'].map(
            d => AG.time.holdsAt('2022-03', null, null, AG.time.span(d)[0]))""")
        check(answers == ["yes", "no", "maybe"],
              "from 2022-03: holds on 2022-04-10, not on 2022-02-10, maybe on 2022-03-05 (%s)" % answers)
        editor = browser.eval("document.getElementById('query').value")
        check(editor == query, "the editor holds the query from ?q=")
        browser.screenshot(os.path.join(args.out, "workbench-query.png"))

        # Click the actor's node (a real mouse click at its position on screen).
        card = api_get(base, "/api/entity/" + urllib.parse.quote(actor))
        quotes = [c["quote"] for c in card.get("claims", []) if c.get("quote")]
        for r in card.get("relationships", []):
            quotes += [c["quote"] for c in r.get("claims", []) if c.get("quote")]
        check(bool(quotes), "the actor's card has quoted claims")
        box = browser.eval("""(() => {
            const g = document.querySelector('#network g.node[data-id=%s] circle');
            const r = g.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        })()""" % json.dumps(actor))
        browser.click(box[0], box[1])
        shown = browser.wait_for(
            "document.querySelector('#card .card') && document.querySelector('#card .card').dataset.id",
            DEADLINE_MS)
        check(shown == actor, "clicking the node opens its entity card (%s)" % shown)
        text = browser.eval("document.getElementById('card').textContent")
        check(quotes[0] in text, "the card shows a claim's quote: %r" % quotes[0][:60])
        check(card["name"] in text, "the card shows the name %r" % card["name"])
        claim_rows = browser.eval("document.querySelectorAll('#card table.claims tbody tr').length")
        n_claims = len(card.get("claims", [])) + sum(
            len(x.get("claims", [])) for x in card.get("property_claims", [])) + sum(
            len(r.get("claims", [])) + len(r.get("property_claims", []))
            for r in card.get("relationships", []))
        check(claim_rows == n_claims, "the card lists every claim (%d, shown %s)" % (n_claims, claim_rows))
        browser.screenshot(os.path.join(args.out, "workbench-card.png"))

        # The slider: inside the relationship's interval it is drawn; after
        # its end it is gone. The slider's value is a day number.
        valid = ending.get("valid") or {}
        start, end = date_text(valid.get("from")), date_text(valid.get("to"))
        sel = "#network g.edge[data-id=%s]" % json.dumps(ending["id"])
        def move_slider(day):
            return browser.eval("""(() => {
                const s = document.getElementById('slider');
                s.value = Math.floor(Date.parse(%s) / 86400000);
                s.dispatchEvent(new Event('input', {bubbles: true}));
                return document.getElementById('slider-date').textContent;
            })()""" % json.dumps(day))
        inside = day_after(start)  # the day after the start's last day; before the end?
        check(inside < end, "the relationship certainly holds on some day (%s)" % inside)
        shown_at = move_slider(inside)
        check(browser.eval("!!document.querySelector(%s)" % json.dumps(sel)),
              "at %s (%s) the relationship %s is drawn" % (inside, shown_at, ending["id"]))
        # Now drag the slider's thumb with the mouse to its right end, past
        # every end date in the result.
        geo = browser.eval("""(() => {
            const s = document.getElementById('slider'), r = s.getBoundingClientRect();
            const f = (s.value - s.min) / (s.max - s.min);
            return [r.left + 8 + f * (r.width - 16), r.top + r.height / 2, r.right + 40];
        })()""")
        browser.drag(geo[0], geo[1], geo[2], geo[1])
        shown_at = browser.eval("document.getElementById('slider-date').textContent")
        check(shown_at > end, "dragging the slider moves the date past %s (%s)" % (end, shown_at))
        check(not browser.eval("!!document.querySelector(%s)" % json.dumps(sel)),
              "at %s the relationship %s, valid [%s, %s), is gone" % (shown_at, ending["id"], start, end))
        check(browser.eval("document.querySelectorAll('#network g.edge').length") < len(rels),
              "fewer relationships are drawn after the slider moved")
        # The exports of what is shown: GraphML lists the drawn nodes; the
        # SVG parses; the PNG renders from it.
        gml = browser.eval("""(() => {
            const x = new DOMParser().parseFromString(
                AG.exporter.graphmlText(AG.app.view, AG.styles.styleFor), 'application/xml');
            return [x.getElementsByTagName('node').length, x.getElementsByTagName('edge').length,
                    x.getElementsByTagName('parsererror').length];
        })()""")
        drawn_now = browser.eval("[document.querySelectorAll('#network g.node').length, "
                                 "document.querySelectorAll('#network g.edge').length]")
        check(gml[2] == 0 and gml[:2] == drawn_now,
              "GraphML export holds the %s drawn nodes and relationships (%s)" % (drawn_now, gml))
        png = browser.eval("AG.exporter.pngBlob(AG.app.view).then(b => [b.type, b.size])",
                           await_promise=True)
        check(png[0] == "image/png" and png[1] > 1000, "PNG export renders (%s)" % png)
        browser.screenshot(os.path.join(args.out, "workbench-slider.png"))

        # Typing a query and pressing Ctrl-Enter runs it; the token typed in
        # stays in the tab's session and out of the address; history keeps both.
        browser.eval("document.getElementById('token').focus()")
        browser.type_text("secret-token-123")
        browser.key("Enter", "Enter", 13, text="\r")
        token_kept = browser.wait_for("sessionStorage.getItem('actorgraph.token')", DEADLINE_MS)
        check(token_kept == "secret-token-123", "the token is kept in sessionStorage")
        browser.eval("(() => { const t = document.getElementById('query'); t.focus(); t.select(); })()")
        second = "MATCH (n {id: '%s'}) RETURN n.name AS name" % actor
        browser.type_text(second)
        browser.key("Enter", "Enter", 13, modifiers=2)
        got = browser.wait_for("document.body.dataset.state === 'done' && "
                               "document.querySelectorAll('#table tbody tr').length === 1 && "
                               "document.querySelector('#table tbody td').textContent", DEADLINE_MS)
        check(got == card["name"], "Ctrl-Enter runs the typed query (%r)" % got)
        href = browser.eval("location.href")
        shared = urllib.parse.parse_qs(urllib.parse.urlparse(href).query).get("q", [None])[0]
        check("secret-token" not in href and shared == second,
              "the address holds the query, not the token (%s)" % href[:80])
        hist = browser.eval("JSON.parse(localStorage.getItem('actorgraph.history'))")
        check(hist[:2] == [second, query], "the history keeps the queries, newest first")

        # For the documentation: the Moura killings' network with the Wagner
        # Group's card open, then the same at a date with what might hold.
        if args.docs:
            browser.navigate(base + "/?q=" + urllib.parse.quote(
                "MATCH p = (a)-[r]-(e {id: 'moura-killings-2022'}) WHERE NOT a:Document RETURN p"))
            browser.wait_for("document.body.dataset.state === 'done' && "
                             "document.querySelectorAll('#network g.node').length > 3", DEADLINE_MS)
            browser.eval("AG.app.view.select('wagner-group')")
            browser.wait_for("document.querySelector('#card .card')", DEADLINE_MS)
            browser.screenshot(os.path.join(args.docs, "workbench-network.png"))
            browser.navigate(base + "/?q=" + urllib.parse.quote(
                "MATCH p = (a {id: 'wagner-group'})-[r]-(b) WHERE NOT b:Document RETURN p"))
            browser.wait_for("document.body.dataset.state === 'done'", DEADLINE_MS)
            browser.eval("""(() => {
                document.getElementById('maybe').checked = true;
                const s = document.getElementById('slider');
                s.value = Math.floor(Date.parse('2022-03-15') / 86400000);
                s.dispatchEvent(new Event('input', {bubbles: true}));
            })()""")
            browser.eval("AG.app.view.select('mali')")
            browser.wait_for("document.querySelector('#card .card')", DEADLINE_MS)
            browser.screenshot(os.path.join(args.docs, "workbench-time.png"))

        errors = browser.exceptions()
        check(not errors, "no script errors in the page %s" % errors[:3])
    finally:
        if browser:
            browser.close()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print("%d failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
