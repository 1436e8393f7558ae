# Runs a command as the session leader of a new pseudo-terminal, the way a terminal emulator or
# tmux does, and relays what it prints. Closing our stdin (or sending "hangup\n") closes the
# terminal's master side: the kernel hangs the terminal up and sends SIGHUP to the command, as
# when a user closes the window. Prints the command's fate as a last line on stderr:
#   PTY-RUN pid=N exit=CODE   or   PTY-RUN pid=N signal=SIGNUM
# Used by the pipeline tests; Python's pty module is in every python3, node has no pty of its own.
import os, pty, select, signal, sys

argv = sys.argv[1:]
pid, master = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

sys.stderr.write(f"PTY-RUN started pid={pid}\n")
sys.stderr.flush()
stdin_open = True
master_open = True
status = None
while status is None:
    fds = ([master] if master_open else []) + ([0] if stdin_open else [])
    ready, _, _ = select.select(fds, [], [], 0.05)
    if master_open and master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if data:
            os.write(1, data)
    if stdin_open and 0 in ready:
        line = os.read(0, 1024)
        if not line or b"hangup" in line:
            stdin_open = False
            if master_open:
                os.close(master)
                master_open = False
        elif b"sighup" in line:
            os.kill(pid, signal.SIGHUP)
        elif b"sigint" in line:
            os.kill(pid, signal.SIGINT)
        elif b"sigterm" in line:
            os.kill(pid, signal.SIGTERM)
    done, st = os.waitpid(pid, os.WNOHANG)
    if done == pid:
        status = st
if master_open:
    try:
        while True:
            data = os.read(master, 65536)
            if not data:
                break
            os.write(1, data)
    except OSError:
        pass
if os.WIFSIGNALED(status):
    sys.stderr.write(f"PTY-RUN pid={pid} signal={os.WTERMSIG(status)}\n")
else:
    sys.stderr.write(f"PTY-RUN pid={pid} exit={os.WEXITSTATUS(status)}\n")
