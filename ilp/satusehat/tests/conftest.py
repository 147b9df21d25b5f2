"""The SATUSEHAT stand-in over real HTTP for each test, and settings pointing at it."""

import pytest

from ilp.satusehat import standin as standin_module

ORG_ID = "100025001"


@pytest.fixture
def standin():
    server = standin_module.start(port=0, seed=1, timeout_delay=0.5, retry_after=0.05)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def satusehat(standin, settings):
    """SATUSEHAT settings for this test: the stand-in, a client id and secret, our organization id."""
    settings.ILP_SATUSEHAT_URL = f"{standin.url}{standin_module.FHIR}"
    settings.ILP_SATUSEHAT_AUTH_URL = f"{standin.url}/oauth2/v1"
    settings.ILP_SATUSEHAT_CLIENT_ID = "uji"
    settings.ILP_SATUSEHAT_CLIENT_SECRET = "rahasia-uji"
    settings.ILP_SATUSEHAT_ORG_ID = ORG_ID
    settings.ILP_SATUSEHAT_TIMEOUT = 0.3
    return standin
