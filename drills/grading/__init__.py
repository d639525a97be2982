"""Grading engines for drills, in plain Python with no Django or project imports.

`rubric` scores free-text answers criterion by criterion (reading them with `text`); `dockerfile`
analyses a Dockerfile and its .dockerignore. Testable and benchmarkable without a database.
"""
