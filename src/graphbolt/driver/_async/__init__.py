"""The async driver: the hand-written source of ``graphbolt.driver._sync``."""
