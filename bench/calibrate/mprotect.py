# Time mprotect(2) on a 64 KB area flipping RW <-> RX, as a JIT does around each
# compiled trace; prints ns per call and the ctypes call overhead to subtract.
# Usage: python3 bench/calibrate/mprotect.py
import ctypes, mmap, time
libc = ctypes.CDLL(None)
size = 64 * 1024
buf = mmap.mmap(-1, size, prot=mmap.PROT_READ | mmap.PROT_WRITE)
addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
n = 20000
t = time.perf_counter()
for i in range(n):
    libc.mprotect(addr, size, 5)   # RX
    libc.mprotect(addr, size, 3)   # RW
dt = (time.perf_counter() - t) / (2 * n)
t = time.perf_counter()
for i in range(n):
    libc.getpid(); libc.getpid()
base = (time.perf_counter() - t) / (2 * n)
print(f"mprotect 64KB: {dt*1e9:.0f} ns per call (a getpid call through ctypes: {base*1e9:.0f} ns)")
