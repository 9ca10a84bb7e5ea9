"""The part of the Skillware framework that skills import, as provided by skillbox inside its sandboxes.

Only skillware.core.base_skill is provided: a skill run by skillbox gets its params from skillbox's runner,
not from a Skillware loader.
"""
