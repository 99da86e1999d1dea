#pragma once
// The one way to include ldns. <ldns/common.h> turns `true`/`false` into
// ints and `bool` into _Bool in C++ unless <stdbool.h> came first; with it
// first, no such macros are left. Include this in .cpp files only.

// clang-format off
#include <stdbool.h>
#include <ldns/ldns.h>
// clang-format on
