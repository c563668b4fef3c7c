#!/usr/bin/env python3
"""Drive an interactive program through a pseudo-terminal (stdlib only).

Used by the ShellTests to test line editing, completion, Ctrl-C and Ctrl-D the way a user
meets them. As a library:

    s = PtySession(["xueji"], cols=80)
    s.send("find wh"); s.tab(); s.expect("where")
    s.ctrl_c(); s.ctrl_d(); s.wait_exit()

As a command, steps come as a JSON list on stdin and the transcript is printed:

    echo '[["send","find wh"],["tab"],["expect","where "],["ctrl-d"],["exit",0]]' \
        | pty_driver.py --cols 80 -- .build/debug/xueji

Steps: ["send", TEXT] ["enter"] ["tab"] ["ctrl-c"] ["ctrl-d"] ["key", "up"|"down"|"left"|"right"]
["expect", TEXT, TIMEOUT?] (TEXT must appear in the output after the previous expect)
["sleep", SECONDS] ["exit", CODE, TIMEOUT?] (wait for the program to end with CODE)
["wait_raw", TIMEOUT?] (wait until the program has put the terminal in raw mode: libedit is
reading keys, so what is sent next is edited, not echoed by the kernel; use after a prompt).
`--timeout SECONDS` sets the default TIMEOUT of expect, wait_raw and exit (5).
Exit status 0 when every step passed; 1 with the failing step and the output on stderr.
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")
KEYS = {"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D"}


class PtySession:
    """One program running on a pseudo-terminal of `cols` x `rows`."""

    def __init__(self, argv, env=None, cols=80, rows=24):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env if env is not None else os.environ)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.raw = b""
        self.mark = 0  # expect() searches the text after this offset
        self.status = None

    def _pump(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            return None  # end of output
        self.raw += data
        return True

    def text(self):
        """Everything the program wrote, with escape sequences and CRs removed."""
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def send(self, text):
        os.write(self.fd, text.encode("utf-8"))
        self.last_was_eof = False

    def send_echoed(self, text, tries=3):
        """`send` of a line's first keys: libedit echoes them; keys that met a terminal re-set-up
        (TCSAFLUSH) are dropped whole, nothing echoed (seen in CI after a continuation prompt,
        raw mode held for 0.3 s notwithstanding), so they are sent again."""
        for _ in range(tries):
            before = len(self.raw)
            self.send(text)
            deadline = time.time() + 1.0
            while len(self.raw) == before and time.time() < deadline:
                self._pump(0.05)
            if len(self.raw) > before:
                return

    def enter(self):
        self.send("\r")

    def tab(self):
        self.send("\t")

    def ctrl_c(self, tries=3):
        """Ctrl-C, sent again when libedit shows no ^C within 1.5 s: keys that met a terminal
        re-set-up are dropped (as `send_echoed`'s; seen once in ten runs on a loaded machine,
        the line's last key lost with it). A second Ctrl-C abandons an empty line: harmless."""
        for _ in range(tries):
            self.send("\x03")
            deadline = time.time() + 1.5
            while "^C" not in self.text()[self.mark:] and time.time() < deadline:
                self._pump(0.05)
            if "^C" in self.text()[self.mark:]:
                return

    def ctrl_d(self):
        self.send("\x04")
        self.last_was_eof = True

    def key(self, name):
        self.send(KEYS[name])

    def is_raw(self):
        """Whether the terminal is out of canonical mode (the master reports the slave's termios)."""
        try:
            return not (termios.tcgetattr(self.fd)[3] & termios.ICANON)
        except termios.error:
            return False

    def wait_raw(self, timeout=5.0):
        """Waits until the program reads keys in raw mode (libedit's el_gets is waiting)."""
        deadline = time.time() + timeout
        stable_since = None
        # Raw mode must hold for a moment: libedit may set the terminal up more than once as it
        # starts a line (and a mode change with TCSAFLUSH drops keys sent in between); on a
        # loaded machine (both cores compiling) the set-ups can be 0.1 s apart, so wait 0.3 s.
        while True:
            if self.is_raw():
                stable_since = stable_since or time.time()
                if time.time() - stable_since >= 0.3:
                    return
            else:
                stable_since = None
            if time.time() > deadline:
                raise AssertionError("terminal not in raw mode within %.1fs; output after last match:\n%s"
                                     % (timeout, self.text()[self.mark:]))
            self._pump(0.01)

    def expect(self, needle, timeout=5.0):
        """Waits until `needle` appears after the last match; returns the text up to it."""
        deadline = time.time() + timeout
        while True:
            text = self.text()
            at = text.find(needle, self.mark)
            if at >= 0:
                self.mark = at + len(needle)
                return text[:self.mark]
            left = deadline - time.time()
            if left <= 0 or self._pump(left) is None:
                raise AssertionError("expected %r; output after last match:\n%s" % (needle, text[self.mark:]))

    def settle(self, seconds):
        """Reads whatever arrives during `seconds`."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self._pump(deadline - time.time()) is None:
                break

    def wait_exit(self, timeout=5.0):
        """Waits for the program to end; returns its exit code (or -signal)."""
        deadline = time.time() + timeout
        resend = time.time() + 3.0
        while time.time() < deadline:
            # A Ctrl-D that met libedit re-setting the terminal (TCSAFLUSH drops keys sent in
            # between) is lost: seen once in CI on a loaded machine after the prompt that follows
            # a Ctrl-C. At a prompt still in raw mode 3 s later, it is sent again (a second
            # Ctrl-D on an empty line ends the shell just the same).
            if getattr(self, "last_was_eof", False) and time.time() > resend and self.is_raw():
                os.write(self.fd, b"\x04")
                resend = time.time() + 3.0
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.settle(0.05)
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            self._pump(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("program did not exit within %.1fs" % timeout)


def run_steps(session, steps, timeout=5.0):
    previous = None
    for step in steps:
        op, args = step[0], step[1:]
        if op == "send":
            session.send_echoed(args[0]) if previous == "wait_raw" else session.send(args[0])
        elif op == "enter":
            session.enter()
        elif op == "tab":
            session.tab()
        elif op == "ctrl-c":
            session.ctrl_c()
        elif op == "ctrl-d":
            session.ctrl_d()
        elif op == "key":
            session.key(args[0])
        elif op == "expect":
            session.expect(args[0], *(args[1:] or [timeout]))
        elif op == "wait_raw":
            session.wait_raw(*(args or [timeout]))
        elif op == "sleep":
            session.settle(args[0])
        elif op == "exit":
            code = session.wait_exit(*(args[1:] or [timeout]))
            if code != args[0]:
                raise AssertionError("exit code %d, expected %d" % (code, args[0]))
        else:
            raise ValueError("unknown step %r" % (step,))
        previous = op


def main(argv):
    cols = 80
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    opts, command = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    if "--cols" in opts:
        cols = int(opts[opts.index("--cols") + 1])
    timeout = float(opts[opts.index("--timeout") + 1]) if "--timeout" in opts else 5.0
    steps = json.load(sys.stdin)
    session = PtySession(command, cols=cols)
    try:
        run_steps(session, steps, timeout)
    except AssertionError as e:
        print("step failed: %s" % e, file=sys.stderr)
        sys.stdout.write(session.text())
        try:
            os.kill(session.pid, signal.SIGKILL)
        except OSError:
            pass
        return 1
    sys.stdout.write(session.text())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
