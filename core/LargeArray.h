#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Under AddressSanitizer (GCC's __SANITIZE_ADDRESS__, clang's __has_feature) the mapped arrays
// are registered with LeakSanitizer as root regions: it does not scan mmap()ed memory, so the
// strings a column of QVariants points to looked leaked when an index was left to the exit.
#if defined(__SANITIZE_ADDRESS__)
#define PULSEBOOK_LSAN_ROOTS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define PULSEBOOK_LSAN_ROOTS 1
#endif
#endif
#if defined(PULSEBOOK_LSAN_ROOTS)
#include <sanitizer/lsan_interface.h>
#endif

namespace pulsebook {

// An allocator for the event index's big arrays (times, types, property parts, the users'
// property columns: tens to hundreds of megabytes). On Linux an array of 2 MiB or more is mapped on
// its own and marked for transparent huge pages, so filling it takes one page fault per 2 MiB
// instead of one per 4 KiB: on the 10M-event set that is about 25,000 faults fewer, a third of the
// open's CPU time (docs/architecture.md, "Opening a cache"). Smaller arrays, and other systems, use
// the ordinary allocator. The memory is the same either way; only how the kernel backs it differs.
template <class T> class LargeArrayAllocator
{
public:
    using value_type = T;

    LargeArrayAllocator() noexcept = default;
    template <class U> LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}

    T* allocate(std::size_t n)
    {
        if (n > std::size_t(-1) / sizeof(T))
            throw std::bad_array_new_length();
#if defined(__linux__)
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= HugePage) {
            const std::size_t mapped = roundUp(bytes);
            // Map one huge page more, then return the ends, so the array starts on a huge
            // page boundary (the kernel backs only aligned 2 MiB ranges with huge pages).
            void* raw = ::mmap(nullptr, mapped + HugePage, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (raw == MAP_FAILED)
                throw std::bad_alloc();
            const auto start = reinterpret_cast<std::uintptr_t>(raw);
            const std::uintptr_t aligned = (start + HugePage - 1) & ~(HugePage - 1);
            if (aligned > start)
                ::munmap(raw, aligned - start);
            if (const std::uintptr_t end = start + mapped + HugePage; end > aligned + mapped)
                ::munmap(reinterpret_cast<void*>(aligned + mapped), end - (aligned + mapped));
#if defined(MADV_HUGEPAGE)
            ::madvise(reinterpret_cast<void*>(aligned), mapped, MADV_HUGEPAGE);
#endif
#if defined(PULSEBOOK_LSAN_ROOTS)
            __lsan_register_root_region(reinterpret_cast<void*>(aligned), mapped);
#endif
            return reinterpret_cast<T*>(aligned);
        }
#endif
        return std::allocator<T>().allocate(n);
    }

    void deallocate(T* p, std::size_t n) noexcept
    {
#if defined(__linux__)
        if (n * sizeof(T) >= HugePage) {
#if defined(PULSEBOOK_LSAN_ROOTS)
            __lsan_unregister_root_region(p, roundUp(n * sizeof(T)));
#endif
            ::munmap(p, roundUp(n * sizeof(T)));
            return;
        }
#endif
        std::allocator<T>().deallocate(p, n);
    }

    template <class U> bool operator==(const LargeArrayAllocator<U>&) const noexcept
    {
        return true;
    }

private:
    static constexpr std::size_t HugePage = std::size_t(2) << 20;
    static std::size_t roundUp(std::size_t bytes)
    {
        return (bytes + HugePage - 1) & ~(HugePage - 1);
    }
};

template <class T> using LargeArray = std::vector<T, LargeArrayAllocator<T>>;

} // namespace pulsebook
