/*
 * alga_runtime.c — the libc subset a wasm@1 guest (C or Embedded Swift) needs, without a libc:
 * memory functions, a size-class allocator over memory.grow, arc4random_buf over random.fill,
 * putchar over log.write, and the one compiler builtin Swift code needs that the toolchain ships
 * no wasm32 library for (__multi3, 128-bit multiplication used by overflow-checked 64-bit math). Compile with -ffreestanding -fno-builtin so loops are not turned back
 * into calls to the functions defined here.
 *
 * Allocator: every block is 2^class bytes (32 B .. 1 GiB), carved from the top of the heap
 * (growing memory when needed) or reused from the class's free list. The 8 bytes before every
 * returned pointer hold {offset from block start, class}, which lets free() and realloc() find the
 * block even for over-aligned allocations. Requests that cannot be met return NULL (posix_memalign:
 * ENOMEM); memory.grow refused by the host's limit is such a case.
 */
#include "alga.h"

#define ALGA_PAGE 65536u
#define ALGA_MIN_CLASS 5u
#define ALGA_MAX_CLASS 30u
#define ALGA_HEADER 8u
#define ALGA_BASE_ALIGN 16u
#define ALGA_EINVAL 28
#define ALGA_ENOMEM 48

extern unsigned char __heap_base;

static uintptr_t heap_top;
static uintptr_t heap_end;
static void *free_lists[ALGA_MAX_CLASS + 1];

/* With the bulk-memory feature (on by default for wasm32 in this toolchain) these builtins lower to
 * the memory.copy / memory.fill instructions, never to a call back into these functions. */
void *memcpy(void *dst, const void *src, size_t n) { return __builtin_memmove(dst, src, n); }

void *memmove(void *dst, const void *src, size_t n) { return __builtin_memmove(dst, src, n); }

void *memset(void *dst, int c, size_t n) { return __builtin_memset(dst, c, n); }

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* 128-bit product modulo 2^128, from 32-bit partial products (no __int128 multiply here, which
 * would call this function). */
__int128 __multi3(__int128 a, __int128 b) {
    uint64_t al = (uint64_t)a, ah = (uint64_t)((unsigned __int128)a >> 64);
    uint64_t bl = (uint64_t)b, bh = (uint64_t)((unsigned __int128)b >> 64);
    uint64_t a0 = al & 0xFFFFFFFFu, a1 = al >> 32, b0 = bl & 0xFFFFFFFFu, b1 = bl >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    uint64_t lo = (mid << 32) | (p00 & 0xFFFFFFFFu);
    uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32) + al * bh + ah * bl;
    return (__int128)(((unsigned __int128)hi << 64) | lo);
}

static void heap_init(void) {
    if (heap_top != 0) return;
    heap_top = ((uintptr_t)&__heap_base + ALGA_BASE_ALIGN - 1) & ~(uintptr_t)(ALGA_BASE_ALIGN - 1);
    heap_end = (uintptr_t)__builtin_wasm_memory_size(0) * ALGA_PAGE;
}

/* Makes [heap_top, heap_top + size) addressable; 0 when the host refuses to grow memory. */
static int heap_reserve(uint64_t size) {
    uint64_t need = (uint64_t)heap_top + size;
    if (need > 0xFFFFFFFFull) return 0;
    if (need <= heap_end) return 1;
    uint64_t pages = (need - heap_end + ALGA_PAGE - 1) / ALGA_PAGE;
    if (__builtin_wasm_memory_grow(0, (size_t)pages) == (size_t)-1) return 0;
    heap_end += (uintptr_t)(pages * ALGA_PAGE);
    return 1;
}

static void *heap_alloc(size_t size, size_t alignment) {
    heap_init();
    if (alignment < ALGA_BASE_ALIGN) alignment = ALGA_BASE_ALIGN;
    uint64_t need = (uint64_t)size + ALGA_BASE_ALIGN + (alignment > ALGA_BASE_ALIGN ? alignment : 0);
    uint32_t cls = ALGA_MIN_CLASS;
    while (cls <= ALGA_MAX_CLASS && ((uint64_t)1 << cls) < need) cls++;
    if (cls > ALGA_MAX_CLASS) return NULL;

    uintptr_t block;
    if (free_lists[cls] != NULL) {
        block = (uintptr_t)free_lists[cls];
        free_lists[cls] = *(void **)free_lists[cls];
    } else {
        if (!heap_reserve((uint64_t)1 << cls)) return NULL;
        block = heap_top;
        heap_top += (uintptr_t)1 << cls;
    }
    uintptr_t user = (block + ALGA_BASE_ALIGN + alignment - 1) & ~(uintptr_t)(alignment - 1);
    uint32_t *header = (uint32_t *)(user - ALGA_HEADER);
    header[0] = (uint32_t)(user - block);
    header[1] = cls;
    return (void *)user;
}

static uint32_t *block_header(void *ptr) {
    uint32_t *header = (uint32_t *)((uintptr_t)ptr - ALGA_HEADER);
    if (header[1] < ALGA_MIN_CLASS || header[1] > ALGA_MAX_CLASS || header[0] < ALGA_BASE_ALIGN) {
        __builtin_trap(); /* not a pointer from this allocator, or a corrupted heap */
    }
    return header;
}

void free(void *ptr) {
    if (ptr == NULL) return;
    uint32_t *header = block_header(ptr);
    uintptr_t block = (uintptr_t)ptr - header[0];
    uint32_t cls = header[1];
    header[1] = 0; /* a second free of the same pointer traps in block_header */
    *(void **)block = free_lists[cls];
    free_lists[cls] = (void *)block;
}

void *malloc(size_t size) { return heap_alloc(size, ALGA_BASE_ALIGN); }

void *calloc(size_t count, size_t size) {
    uint64_t total = (uint64_t)count * (uint64_t)size;
    if (total > 0xFFFFFFFFull) return NULL;
    void *p = heap_alloc((size_t)total, ALGA_BASE_ALIGN);
    if (p != NULL) memset(p, 0, (size_t)total);
    return p;
}

void *realloc(void *ptr, size_t size) {
    if (ptr == NULL) return malloc(size);
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    uint32_t *header = block_header(ptr);
    size_t usable = ((size_t)1 << header[1]) - header[0];
    if (size <= usable) return ptr;
    void *next = malloc(size);
    if (next == NULL) return NULL;
    memcpy(next, ptr, usable);
    free(ptr);
    return next;
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0) return ALGA_EINVAL;
    void *p = heap_alloc(size, alignment);
    if (p == NULL) return ALGA_ENOMEM;
    *out = p;
    return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0) return NULL;
    return heap_alloc(size, alignment);
}

void arc4random_buf(void *buf, size_t n) {
    unsigned char *p = buf;
    while (n > 0) {
        uint32_t chunk = n > 65536 ? 65536u : (uint32_t)n;
        if (alga_random_fill(p, chunk) != 0) __builtin_trap(); /* cannot fail for valid ranges */
        p += chunk;
        n -= chunk;
    }
}

static char line_buffer[512];
static uint32_t line_used;

void alga_runtime_flush(void) {
    if (line_used == 0) return;
    (void)alga_log_write(ALGA_LOG_INFO, line_buffer, line_used);
    line_used = 0;
}

int putchar(int c) {
    if (c == '\n') {
        alga_runtime_flush();
        return c;
    }
    /* Flush before a new UTF-8 sequence when the buffer is nearly full, so no character is split. */
    if (line_used == sizeof line_buffer || (line_used >= sizeof line_buffer - 4 && (c & 0xC0) != 0x80)) {
        alga_runtime_flush();
    }
    line_buffer[line_used++] = (char)c;
    return c;
}
