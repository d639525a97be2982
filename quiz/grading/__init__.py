"""Grading, in plain Python with no Django imports: testable and benchmarkable without a database."""
