"""`vanban server`'s walls: the session cookie's flags, CSRF (double submit, bound to the
session) and the same-origin check on every state change, checked before the body is read;
login throttling; bad input answered with 4xx JSON in Vietnamese, never a 500."""

from __future__ import annotations

import pytest

from .server_support import CONFIG, ORIGIN, PASSWORD, WARD_A, add_doc, app, client_for, db  # noqa: F401


def _cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


def test_login_sets_a_strict_http_only_session_and_a_csrf_cookie(app):
    from starlette.testclient import TestClient

    plain = TestClient(app).post("/login", data={"login": "clerk_a", "password": PASSWORD})
    cookies = _cookie_headers(plain)
    session = cookies["vanban_session"].lower()
    assert "httponly" in session and "samesite=strict" in session and "secure" not in session
    assert (
        "httponly" not in cookies["csrf"].lower() and "samesite=strict" in cookies["csrf"].lower()
    )
    assert plain.json()["csrf"] == plain.cookies["csrf"] and plain.json()["role"] == "clerk"
    # behind the trusted proxy (the test client's address), over https: Secure
    proxied = TestClient(app).post(
        "/login",
        data={"login": "clerk_a", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert "secure" in _cookie_headers(proxied)["vanban_session"].lower()


def test_forwarded_proto_from_an_untrusted_address_is_ignored(db):
    from starlette.testclient import TestClient

    from generator.server.jobs import LocalJobs
    from generator.server.web import create_app

    app = create_app(db, frozenset({"10.0.0.1"}), jobs=LocalJobs(warm=False))
    answer = TestClient(app).post(
        "/login",
        data={"login": "clerk_a", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert "secure" not in _cookie_headers(answer)["vanban_session"].lower()


def test_a_change_needs_the_csrf_token_and_this_origin(app, db):
    doc = add_doc(db, WARD_A)
    clerk = client_for(app, "clerk_a")
    body = {"config": CONFIG.replace("Triển khai", "Tổ chức", 1), "revision": 1}
    token = clerk.headers.pop("X-CSRF-Token")
    assert clerk.put(f"/api/documents/{doc}", json=body).status_code == 403
    assert (
        clerk.put(
            f"/api/documents/{doc}", json=body, headers={"X-CSRF-Token": "x" + token}
        ).status_code
        == 403
    )
    clerk.headers["X-CSRF-Token"] = token
    for origin in ("http://evil.example", "null", "https://testserver"):
        answer = clerk.put(f"/api/documents/{doc}", json=body, headers={"Origin": origin})
        assert answer.status_code == 403, origin
    del clerk.headers["Origin"]
    assert clerk.put(f"/api/documents/{doc}", json=body).status_code == 403  # neither header
    ok = clerk.put(f"/api/documents/{doc}", json=body, headers={"Referer": f"{ORIGIN}/edit/{doc}"})
    assert ok.status_code == 200
    # a token from another session, even with its own matching cookie, is refused
    other = client_for(app, "clerk_a2")
    clerk.cookies.set("csrf", other.cookies["csrf"])
    refused = clerk.put(
        f"/api/documents/{doc}",
        json={**body, "revision": 2},
        headers={"X-CSRF-Token": other.cookies["csrf"], "Origin": ORIGIN},
    )
    assert refused.status_code == 403 and "tải lại" in refused.json()["error"]


def test_the_session_is_checked_before_the_body_is_read(app, db):
    doc = add_doc(db, WARD_A)
    read = []

    def body():
        read.append(True)
        yield b'{"config": "kind: ke_hoach\\n", "revision": 1}'

    anonymous = client_for(app, None)
    answer = anonymous.put(
        f"/api/documents/{doc}", content=body(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 401 and read == [] and "đăng nhập" in answer.json()["error"]
    clerk = client_for(app, "clerk_a")
    del clerk.headers["X-CSRF-Token"]
    answer = clerk.put(
        f"/api/documents/{doc}", content=body(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 403 and read == []


def test_logins_are_throttled(app):
    from starlette.testclient import TestClient

    client = TestClient(app)
    for _ in range(5):
        wrong = client.post("/login", data={"login": "clerk_a", "password": "sai-mat-khau"})
        assert wrong.status_code == 401 and "mật khẩu" in wrong.json()["error"]
    locked = client.post("/login", data={"login": "clerk_a", "password": PASSWORD})
    assert locked.status_code == 429 and "vanban_session" not in locked.cookies
    # the lock is on that login: another user from the same office still logs in
    assert client_for(app, "clerk_b").get("/api/documents").status_code == 200
    # and an address that tries many logins is locked whatever the login
    for i in range(50):
        client.post("/login", data={"login": f"guess{i}", "password": "sai-mat-khau"})
    assert client.post("/login", data={"login": "clerk_b", "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("put", "/api/documents/{doc}", b"not json", 400),
        ("put", "/api/documents/{doc}", b"[" * 5000 + b"]" * 5000, 400),
        ("put", "/api/documents/{doc}", b'{"config": 5, "revision": 1}', 400),
        ("put", "/api/documents/{doc}", b'{"config": "a: [", "revision": 1}', 422),
        ("put", "/api/documents/{doc}", b'{"config": "kind: ke_hoach", "revision": "1"}', 400),
        ("put", "/api/documents/{doc}", b'{"config": "kind: ke_hoach", "revision": 7}', 409),
        ("put", "/api/documents/abc", b"{}", 404),
        ("put", "/api/documents/99999999999999999999", b"{}", 404),
        ("get", "/api/documents/-1", None, 404),
        ("post", "/api/documents/{doc}/approve", b'{"revision": null}', 403),
        ("post", "/api/open", b'{"path": "../../etc/passwd"}', 404),
        ("post", "/api/save", b'{"path": "1.yaml", "yaml": "x: 1", "version": "abc"}', 400),
    ],
)
def test_bad_input_gets_a_4xx_in_vietnamese(app, db, method, path, body, status):
    doc = add_doc(db, WARD_A)
    clerk = client_for(app, "clerk_a")
    answer = clerk.request(
        method.upper(),
        path.format(doc=doc),
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == status, answer.text
    message = answer.json()["error"]
    assert any(ord(c) > 0x7F for c in message), message  # Vietnamese, not the English text


def test_a_login_form_that_is_not_one_is_refused(app):
    from starlette.testclient import TestClient

    client = TestClient(app)
    assert client.post("/login", data={"login": "", "password": ""}).status_code == 400
    assert (
        client.post(
            "/login",
            content=b"\xff\xfe",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        ).status_code
        == 400
    )
    foreign = client.post(
        "/login",
        data={"login": "clerk_a", "password": PASSWORD},
        headers={"Origin": "http://evil.example"},
    )
    assert foreign.status_code == 403
