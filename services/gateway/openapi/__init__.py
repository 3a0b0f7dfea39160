"""/v1/openapi.json: document.py builds it from the routes' declared schemas, fields.py says
what each marshmallow field accepts, patterns.py translates Python regexes to the
document's dialect, responses.py lists every answer an operation can give."""
