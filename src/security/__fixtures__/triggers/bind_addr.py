import socket
addr = ("", 8080)
sock = socket.socket()
sock.bind(addr)
