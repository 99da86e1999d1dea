// Empty on purpose: the target that owns the tests' precompiled header
// (support/precompiled.h) needs one source to build it with.
