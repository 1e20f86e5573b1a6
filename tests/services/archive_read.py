"""Reads back what Vigil's archive sinks wrote, with the official clients, for the
vigil-delivery integration tests (crates/vigil-delivery/tests/it/). Prints JSON on stdout.

  archive_read.py azure-dump <connection string> <tenant id>...
      every insights-logs-* container, and every blob under tenantId=<tid>/ of the given
      tenants: {"containers": [...], "blobs": [{"container", "name", "blob_type", "content_b64"}]}
  archive_read.py azure-sas <connection string>
      an account SAS (blob service; container and object; read, write, create, add, list;
      one hour) as {"sas_url": "<blob endpoint>?<sas>"}
  archive_read.py s3-bucket <endpoint> <bucket>
      creates the bucket (moto accepts any credentials): {"created": true}
  archive_read.py s3-dump <endpoint> <bucket> <tenant id>...
      every object whose key's second segment is tenantId=<tid>:
      {"objects": [{"key", "content_b64"}]}
"""

import base64
import json
import sys
from datetime import datetime, timedelta, timezone


def azure_dump(connection_string, tenants):
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(connection_string)
    containers = [c.name for c in service.list_containers(name_starts_with="insights-logs-")]
    blobs = []
    for container in containers:
        client = service.get_container_client(container)
        for tenant in tenants:
            for blob in client.list_blobs(name_starts_with=f"tenantId={tenant}/"):
                content = client.get_blob_client(blob.name).download_blob().readall()
                blobs.append(
                    {
                        "container": container,
                        "name": blob.name,
                        "blob_type": str(blob.blob_type.value if hasattr(blob.blob_type, "value") else blob.blob_type),
                        "content_b64": base64.b64encode(content).decode(),
                    }
                )
    return {"containers": containers, "blobs": blobs}


def azure_sas(connection_string):
    from azure.storage.blob import (
        AccountSasPermissions,
        BlobServiceClient,
        ResourceTypes,
        generate_account_sas,
    )

    service = BlobServiceClient.from_connection_string(connection_string)
    sas = generate_account_sas(
        service.account_name,
        service.credential.account_key,
        resource_types=ResourceTypes(container=True, object=True),
        permission=AccountSasPermissions(read=True, write=True, create=True, add=True, list=True),
        expiry=datetime.now(timezone.utc) + timedelta(hours=1),
    )
    endpoint = service.url.rstrip("/")
    return {"sas_url": f"{endpoint}?{sas}"}


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="vigil-test",
        aws_secret_access_key="vigil-test-secret",
        region_name="us-east-1",
    )


def s3_bucket(endpoint, bucket):
    client = s3_client(endpoint)
    try:
        client.create_bucket(Bucket=bucket)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    return {"created": True}


def s3_dump(endpoint, bucket, tenants):
    client = s3_client(endpoint)
    objects = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            key = item["Key"]
            segments = key.split("/")
            if len(segments) > 1 and segments[1] in {f"tenantId={t}" for t in tenants}:
                body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
                objects.append({"key": key, "content_b64": base64.b64encode(body).decode()})
    return {"objects": objects}


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "azure-dump":
        result = azure_dump(args[0], args[1:])
    elif command == "azure-sas":
        result = azure_sas(args[0])
    elif command == "s3-bucket":
        result = s3_bucket(args[0], args[1])
    elif command == "s3-dump":
        result = s3_dump(args[0], args[1], args[2:])
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
