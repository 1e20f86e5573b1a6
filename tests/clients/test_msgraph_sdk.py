"""The official Microsoft Graph Python SDK (msgraph-sdk), unchanged, against Vigil — with
bearer tokens from `vigil token`, as it would send Entra tokens to Graph."""
import asyncio
import datetime as dt

import httpx
import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.audit_logs.directory_audits.directory_audits_request_builder import (
    DirectoryAuditsRequestBuilder,
)
from msgraph.generated.audit_logs.provisioning.provisioning_request_builder import ProvisioningRequestBuilder
from msgraph.generated.audit_logs.sign_ins.sign_ins_request_builder import SignInsRequestBuilder
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_core.tasks.page_iterator import PageIterator


def run(coro):
    return asyncio.run(coro)


def sign_in_config(**kwargs):
    qp = SignInsRequestBuilder.SignInsRequestBuilderGetQueryParameters(**kwargs)
    return RequestConfiguration(query_parameters=qp)


def test_list_sign_ins_typed(client):
    page = run(client.audit_logs.sign_ins.get(request_configuration=sign_in_config(top=5)))
    assert len(page.value) == 5
    times = [s.created_date_time for s in page.value]
    assert times == sorted(times, reverse=True), "newest first"
    for s in page.value:
        assert s.id and s.user_id is not None
        assert s.user_principal_name == s.user_principal_name.lower()
        assert isinstance(s.status.error_code, int)
        assert s.is_interactive is True, "v1.0 lists interactive sign-ins"
    assert page.odata_next_link and page.odata_next_link.startswith("http://127.0.0.1:")


def test_filter_and_orderby_sent_by_sdk(client):
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    cfg = sign_in_config(filter=f"createdDateTime ge {since} and status/errorCode eq 0", top=20, orderby=["createdDateTime asc"])
    cfg.headers.add("ConsistencyLevel", "eventual")
    page = run(client.audit_logs.sign_ins.get(request_configuration=cfg))
    assert page.value, "demo data has recent successful sign-ins"
    times = [s.created_date_time for s in page.value]
    assert times == sorted(times)
    assert all(s.status.error_code == 0 for s in page.value)
    assert all(t >= dt.datetime.fromisoformat(since.replace("Z", "+00:00")) for t in times)


def test_page_iterator_walks_every_page_without_duplicates(client, vigil_url, admin_token):
    flt = "status/errorCode eq 50126"
    counted = httpx.get(
        f"{vigil_url}/v1.0/auditLogs/signIns",
        params={"$filter": flt, "$count": "true", "$top": "1"},
        headers={"Authorization": f"Bearer {admin_token}"},
    ).json()["@odata.count"]
    assert counted > 10, "demo data has wrong-password failures"

    async def walk():
        first = await client.audit_logs.sign_ins.get(request_configuration=sign_in_config(filter=flt, top=7))
        seen = []
        it = PageIterator(first, client.request_adapter)
        await it.iterate(lambda s: seen.append(s.id) or True)
        return seen

    seen = run(walk())
    assert len(seen) == counted
    assert len(set(seen)) == len(seen)


def test_next_link_with_url(client):
    async def two_pages():
        first = await client.audit_logs.sign_ins.get(request_configuration=sign_in_config(top=3))
        second = await client.audit_logs.sign_ins.with_url(first.odata_next_link).get()
        return first, second

    first, second = run(two_pages())
    ids_first = {s.id for s in first.value}
    assert len(second.value) == 3
    assert ids_first.isdisjoint({s.id for s in second.value})
    assert max(s.created_date_time for s in second.value) <= min(s.created_date_time for s in first.value)


def test_get_sign_in_by_id(client):
    async def fetch():
        page = await client.audit_logs.sign_ins.get(request_configuration=sign_in_config(top=1))
        wanted = page.value[0]
        return wanted, await client.audit_logs.sign_ins.by_sign_in_id(wanted.id).get()

    wanted, got = run(fetch())
    assert got.id == wanted.id
    assert got.created_date_time == wanted.created_date_time
    assert got.app_display_name == wanted.app_display_name


def test_unknown_id_is_odata_error(client):
    with pytest.raises(ODataError) as info:
        run(client.audit_logs.sign_ins.by_sign_in_id("00000000-0000-0000-0000-000000000000").get())
    assert info.value.response_status_code == 404
    assert info.value.error.code == "Request_ResourceNotFound"


def test_bad_filter_is_odata_error(client):
    with pytest.raises(ODataError) as info:
        run(client.audit_logs.sign_ins.get(request_configuration=sign_in_config(filter="createdDateTime ge '2024-01-01'")))
    assert info.value.response_status_code == 400
    assert info.value.error.code == "BadRequest"
    assert info.value.error.message.startswith("Invalid filter clause")


def test_directory_audits(client):
    qp = DirectoryAuditsRequestBuilder.DirectoryAuditsRequestBuilderGetQueryParameters(
        filter="activityDisplayName eq 'Add member to group'", top=10
    )
    page = run(client.audit_logs.directory_audits.get(request_configuration=RequestConfiguration(query_parameters=qp)))
    assert page.value
    for audit in page.value:
        assert audit.activity_display_name == "Add member to group"
        assert audit.category
        assert audit.initiated_by is not None
        assert audit.target_resources


def test_directory_audits_by_initiator(client):
    async def fetch():
        audits = (await client.audit_logs.directory_audits.get()).value
        initiator = next(a.initiated_by.user.id for a in audits if a.initiated_by.user and a.initiated_by.user.id)
        qp = DirectoryAuditsRequestBuilder.DirectoryAuditsRequestBuilderGetQueryParameters(
            filter=f"initiatedBy/user/id eq '{initiator}'"
        )
        config = RequestConfiguration(query_parameters=qp)
        return initiator, await client.audit_logs.directory_audits.get(request_configuration=config)

    initiator, page = run(fetch())
    assert page.value and all(a.initiated_by.user.id == initiator for a in page.value)


def test_provisioning(client):
    qp = ProvisioningRequestBuilder.ProvisioningRequestBuilderGetQueryParameters(top=20)
    page = run(client.audit_logs.provisioning.get(request_configuration=RequestConfiguration(query_parameters=qp)))
    assert len(page.value) == 20
    for p in page.value:
        assert p.activity_date_time is not None
        assert p.provisioning_status_info.status is not None
        assert p.source_system.display_name and p.target_system.display_name


def test_custom_security_attribute_audits_on_beta(vigil_url, admin_token):
    page = httpx.get(
        f"{vigil_url}/beta/auditLogs/customSecurityAttributeAudits",
        params={"$top": "5"},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert page.status_code == 200, page.text
    assert page.json()["value"], "Attribute Log Reader reads the demo's attribute audits"


def test_no_role_user_is_denied_directory_audits(no_role_client):
    with pytest.raises(ODataError) as info:
        run(no_role_client.audit_logs.directory_audits.get())
    assert info.value.response_status_code == 403
    assert info.value.error.code == "Authorization_RequestDenied"
    assert info.value.error.message == "User isn't in the allowed roles"


def test_no_role_user_sees_only_own_sign_ins(no_role_client):
    # The user has no sign-ins of their own in the demo data: the list is empty, not an error,
    # whatever filter asks for someone else's.
    async def both():
        plain = await no_role_client.audit_logs.sign_ins.get(request_configuration=sign_in_config(top=5))
        cfg = sign_in_config(filter="status/errorCode eq 50126 or status/errorCode ne 50126", top=5)
        widened = await no_role_client.audit_logs.sign_ins.get(request_configuration=cfg)
        return plain, widened

    plain, widened = run(both())
    assert plain.value == []
    assert widened.value == []


def test_missing_token_is_401(anonymous_client, vigil_url):
    with pytest.raises(ODataError) as info:
        run(anonymous_client.audit_logs.sign_ins.get(request_configuration=sign_in_config(top=1)))
    assert info.value.response_status_code == 401
    assert info.value.error.code == "InvalidAuthenticationToken"
    raw = httpx.get(f"{vigil_url}/v1.0/auditLogs/signIns")
    assert raw.status_code == 401
    assert raw.headers["www-authenticate"].startswith("Bearer")
