"""A minimal Chrome DevTools Protocol client over --remote-debugging-pipe.

Chromium reads commands from its fd 3 and writes answers and events to its
fd 4, each a JSON message ended by a NUL byte. Python standard library only.
"""

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile


class CdpError(Exception):
    pass


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    def __init__(self, chromium, width=1400, height=900, log=None):
        self.profile = tempfile.mkdtemp(prefix="ag-chromium-")
        # Chromium's own pipes: we write to to_chrome, it writes to from_chrome.
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        args = [
            chromium,
            "--headless=new",
            "--remote-debugging-pipe",
            "--user-data-dir=" + self.profile,
            "--window-size=%d,%d" % (width, height),
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            # Containers often have a 64 MB /dev/shm, too small for renderers.
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--font-render-hinting=none",
        ]
        if os.geteuid() == 0:
            # Chromium's sandbox refuses to run as root (CI containers run
            # tests as root); the page is our own, served from loopback.
            args.append("--no-sandbox")
        args.append("about:blank")
        # The child sees our pipe ends as its fds 3 and 4 (moved out of the
        # way first, in case either already is 3 or 4). Python's other fds are
        # close-on-exec (PEP 446), so close_fds=False leaks nothing.
        def child_fds():
            r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self._log = log or open(os.devnull, "w")
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            close_fds=False, preexec_fn=child_fds)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self):
        while b"\0" not in self._buf:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise CdpError("chromium closed its DevTools pipe (exit %s)" % self.proc.poll())
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True):
        """Sends one command (to the page's session unless session=False) and
        returns its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CdpError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def open_page(self):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Log.enable")

    def navigate(self, url):
        """Loads `url` and returns once its load event fired."""
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", {"url": url})
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read_message())

    def eval(self, expression, await_promise=False):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": await_promise})
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            text = d.get("exception", {}).get("description") or d.get("text")
            raise CdpError("page: %s" % text)
        return r["result"].get("value")

    def wait_for(self, expression, timeout_ms=30000):
        """Waits in the page until `expression` is truthy (checked every 50 ms
        by the page's own timer) and returns its value; fails at the deadline."""
        js = """new Promise((resolve, reject) => {
          const t0 = performance.now();
          (function check() {
            let v = null, err = null;
            try { v = (%s); } catch (e) { err = e; }
            if (v) return resolve(v);
            if (performance.now() - t0 > %d)
              return reject(new Error("timed out waiting for: " + %s + (err ? " (" + err + ")" : "")));
            setTimeout(check, 50);
          })();
        })""" % (expression, timeout_ms, json.dumps(expression))
        return self.eval(js, await_promise=True)

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                   "button": "left", "clickCount": 1})

    def drag(self, x0, y0, x1, y1, steps=8):
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x0, "y": y0})
        self.call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x0, "y": y0,
                                               "button": "left", "clickCount": 1})
        for i in range(1, steps + 1):
            self.call("Input.dispatchMouseEvent", {
                "type": "mouseMoved", "x": x0 + (x1 - x0) * i / steps,
                "y": y0 + (y1 - y0) * i / steps, "button": "left", "buttons": 1})
        self.call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x1, "y": y1,
                                               "button": "left", "clickCount": 1})

    def type_text(self, text):
        self.call("Input.insertText", {"text": text})

    def key(self, key, code, keycode, modifiers=0, text=None):
        """Presses a key (modifiers: 2 is Ctrl); `text` is what it types
        ("\r" for Enter submitting a form)."""
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "code": code,
                "windowsVirtualKeyCode": keycode, "modifiers": modifiers}
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", down)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                             "windowsVirtualKeyCode": keycode,
                                             "modifiers": modifiers})

    def screenshot(self, path):
        r = self.call("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def exceptions(self):
        """Uncaught exceptions and console errors the page reported so far."""
        out = []
        for e in self.events:
            if e.get("method") == "Runtime.exceptionThrown":
                d = e["params"]["exceptionDetails"]
                out.append(d.get("exception", {}).get("description") or d.get("text"))
            elif e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                out.append(e["params"]["entry"].get("text"))
        return out
