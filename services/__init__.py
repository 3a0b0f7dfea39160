"""Maillage services: one package per service, each deployed on its own."""
