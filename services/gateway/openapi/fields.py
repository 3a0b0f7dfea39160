"""What apispec's MarshmallowPlugin does not say by itself of the fields our schemas validate
with, so that /v1/openapi.json admits exactly what the server accepts.

apispec declares a `fields.Url` as `format: url`, which no JSON Schema tool knows: a client
(or a fuzzer) then sends any string and gets a 422. Here it becomes the very regular expression
marshmallow's URL validator matches with (its schemes, whether a TLD is required), spelled for
ECMA-262 (openapi/patterns.py). And apispec gives a by-value Enum no type.
"""

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.field_converter import DEFAULT_FIELD_MAPPING
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from marshmallow import fields, validate

from services.gateway.openapi.patterns import ignoring_case, lowering_to

_ANY_SCHEME = r"(?:[a-z0-9\.\-\+]*)://"  # marshmallow checks the scheme apart, we inline it
_SCHEME = "\x01"  # stands for the schemes while the rest is translated


def url_pattern(field: fields.Url) -> str:
    """The pattern of the URLs `field` accepts, as marshmallow's validator matches them."""
    validator = next(v for v in field.validators if isinstance(v, validate.URL))
    if validator.relative:
        raise ValueError("no route takes relative URLs yet: teach url_pattern their pattern first")
    source = validate.URL._regex(relative=False, absolute=True,
                                 require_tld=validator.require_tld).pattern
    if _ANY_SCHEME not in source:
        raise AssertionError("marshmallow's URL regex changed: review url_pattern")
    # as marshmallow checks it: value.split("://")[0].lower() in schemes
    schemes = "|".join(lowering_to(scheme) for scheme in sorted(validator.schemes))
    return ignoring_case(source.replace(_ANY_SCHEME, _SCHEME)).replace(_SCHEME, f"(?:{schemes})://")


def url2properties(self, field, **kwargs) -> dict:
    if isinstance(field, fields.Url):
        return {"pattern": url_pattern(field)}
    return {}


def enum2type(self, field, **kwargs) -> dict:
    """apispec gives a by-value Enum its values but no type: a generator may then send 1 for
    "1", or a client declare the field loosely."""
    values = [v for v in kwargs["ret"].get("enum", []) if v is not None]
    if isinstance(field, fields.Enum) and values:
        kinds = {_JSON_TYPES.get(type(v)) for v in values}
        return {"type": kinds.pop()} if len(kinds) == 1 and None not in kinds else {}
    return {}


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


class ContractConverter(OpenAPIConverter):
    """apispec's converter, with the mappings our validators need (its own table is shared by
    every converter in the process, so it is copied, not changed)."""

    field_mapping = {**DEFAULT_FIELD_MAPPING, fields.Url: ("string", None)}

    def schema2jsonschema(self, schema) -> dict:
        """A schema's rules on the whole object, which no field can say, are declared in its
        Meta as `json_schema` (a PATCH names at least one field: {"minProperties": 1})."""
        jsonschema = super().schema2jsonschema(schema)
        jsonschema.update(getattr(getattr(schema, "Meta", None), "json_schema", {}))
        return jsonschema


class ContractPlugin(MarshmallowPlugin):
    Converter = ContractConverter

    def init_spec(self, spec) -> None:
        super().init_spec(spec)
        assert self.converter is not None, "made by init_spec"  # Optional only before it runs
        self.converter.add_attribute_function(url2properties)
        self.converter.add_attribute_function(enum2type)
