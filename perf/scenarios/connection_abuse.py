#!/usr/bin/python3
"""Holds IDLE plain TCP connections and PREFACE connections that send only part of the HTTP/2
preface to HOST:PORT for SECONDS, then reports how many the server has closed (Server:MaxConnections,
Server:IdleConnectionTimeout). Used by connection-abuse.sh; standard library only."""
import socket
import sys
import time

host, port, idle, preface, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
conns = []
for i in range(idle + preface):
    s = socket.create_connection((host, port), timeout=5)
    if i >= idle:
        s.sendall(b"PRI * HTTP/2.0\r\n")  # the first half of the preface, never the rest
    s.setblocking(False)
    conns.append(s)
print("opened %d idle + %d preface-only connections" % (idle, preface), flush=True)
deadline = time.time() + seconds
closed = set()
while time.time() < deadline:
    for i, s in enumerate(conns):
        if i in closed:
            continue
        try:
            if s.recv(65536) == b"":
                closed.add(i)
        except BlockingIOError:
            pass
        except OSError:
            closed.add(i)
    time.sleep(1)
idle_closed = sum(1 for i in closed if i < idle)
print("after %.0f s: closed by the server: %d of %d idle, %d of %d preface-only"
      % (seconds, idle_closed, idle, len(closed) - idle_closed, preface), flush=True)
for s in conns:
    s.close()
