// Compiler attributes shared by the core and the bindings.
#pragma once

// Marks rarely run code (set-up, data checks, import and export, error text) in
// a file that is otherwise built for speed: clang's minsize does for one
// function what -Oz does for a whole file (em++ adds -fno-inline-functions to
// any file built with -Oz), and noinline keeps it out of its hot callers.
#if defined(__clang__)
#define ACTLAB_COLD __attribute__((cold, minsize, noinline))
#else
#define ACTLAB_COLD __attribute__((cold, noinline))
#endif
