"""The library every Maillage service uses: one way to do each cross-cutting thing."""
