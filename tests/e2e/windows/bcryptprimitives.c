/* Test harness only, never shipped: Wine 8 has no bcryptprimitives.dll, whose ProcessPrng
 * Rust's std on Windows imports for randomness. This stand-in beside the .exe answers it with
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. Windows 10 and 11 have the
 * real one. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
