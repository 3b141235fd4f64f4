// SPDX-License-Identifier: MIT
#pragma once

namespace Dbtu::Test {

/**
 * Whether a process's RSS measures its own memory: not in a sanitizer build, where
 * AddressSanitizer keeps freed memory in quarantine and adds shadow memory. Memory bounds are
 * checked in the normal build.
 */
#ifdef DBTU_SANITIZED
inline constexpr bool kRssIsMeaningful = false;
#else
inline constexpr bool kRssIsMeaningful = true;
#endif

} // namespace Dbtu::Test
