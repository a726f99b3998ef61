// Owner of the test suite's precompiled header (tests/CMakeLists.txt, plinth_test_pch): every
// test binary reuses the header this target compiles, so it is parsed once per build.
int main() { return 0; }
