"""skillware.core as provided by skillbox: only base_skill."""
