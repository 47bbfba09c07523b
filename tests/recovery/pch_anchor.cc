// Anchor for the recovery tests' precompiled catch.hpp (see CMakeLists.txt).
