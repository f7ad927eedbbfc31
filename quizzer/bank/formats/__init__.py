"""Interchange formats: GIFT, Moodle XML and Aiken in and out, JSON out, and the YAML writer.

Each importer reads a file into a `Lesson` and notes what it could not carry over; each
exporter turns lessons into text and notes what the target format has no place for.
"""
