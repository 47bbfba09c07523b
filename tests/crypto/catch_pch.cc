// Compiles the precompiled catch.hpp that every crypto test source reuses.
