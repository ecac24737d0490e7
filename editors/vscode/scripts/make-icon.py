"""Draws images/icon.png (128x128): a green shield with a white check mark. Run once; the PNG is committed."""
import struct
import zlib

SIZE = 128


def inside_shield(x: float, y: float) -> bool:
    # a shield: straight sides in the top half, a curve to a point at the bottom
    cx = SIZE / 2
    if y < 12 or y > 118:
        return False
    if y < 70:
        return abs(x - cx) < 48
    half = 48 * ((118 - y) / 48) ** 0.8
    return abs(x - cx) < half


def near_check(x: float, y: float) -> bool:
    def dist(px, py, ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5

    return dist(x, y, 40, 64, 58, 84) < 7 or dist(x, y, 58, 84, 90, 44) < 7


rows = []
for y in range(SIZE):
    row = bytearray([0])
    for x in range(SIZE):
        samples = [(x + dx / 4, y + dy / 4) for dx in range(4) for dy in range(4)]
        shield = sum(inside_shield(*s) for s in samples) / 16
        check = sum(near_check(*s) for s in samples) / 16
        r, g, b = 46, 160, 67
        r = int(r + (255 - r) * check)
        g = int(g + (255 - g) * check)
        b = int(b + (255 - b) * check)
        row += bytes([r, g, b, int(255 * shield)])
    rows.append(bytes(row))


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')
with open('images/icon.png', 'wb') as out:
    out.write(png)
