"""`maillage keys`: a partner organization's API keys, issued and revoked by an operator
exactly as the API does it (POST and DELETE on /v1/organizations/ID/api-keys), with the
operator's token (MAILLAGE_OPERATOR_TOKEN, or var/operator-token)."""

import uuid

import typer
from rich.console import Console

from ops.api import Gateway
from ops.failures import explained

app = typer.Typer(help="Partners' API keys.", no_args_is_help=True)
console = Console(highlight=False)


@app.command("issue")
def issue(organization_id: str = typer.Argument(..., help="a verified organization's id")) -> None:
    """A new key for the organization. The key is printed once: it is kept only hashed."""
    with explained():
        issued = Gateway.from_environment().post(
            f"/v1/organizations/{organization_id}/api-keys",
            idempotency_key=f"maillage-keys-issue-{uuid.uuid4()}")
    console.print(f"issued key {issued['id']} for organization {issued['organization_id']}",
                  markup=False)
    console.print("the key, shown this once (send it as `Authorization: Bearer <key>`):",
                  markup=False)
    console.print(issued["key"], markup=False, soft_wrap=True)


@app.command("revoke")
def revoke(organization_id: str, key_id: str) -> None:
    """Revokes one of the organization's keys: requests with it are refused from now on."""
    with explained():
        revoked = Gateway.from_environment().request(
            "DELETE", f"/v1/organizations/{organization_id}/api-keys/{key_id}",
            idempotency_key=f"maillage-keys-revoke-{organization_id}-{key_id}")
    console.print(f"revoked key {revoked['id']} of organization {revoked['organization_id']} "
                  f"(at {revoked['revoked_at']})", markup=False)
