// Anchors the precompiled catch.hpp that every test executable reuses.
