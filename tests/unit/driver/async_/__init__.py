"""Driver API tests, async flavour: the source of the generated ``sync`` tests."""
