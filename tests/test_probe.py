import pytest
from tests.factories import UserFactory, PASSWORD
from django.core import mail

@pytest.mark.django_db
def test_probe(client):
    r = client.get("/admin/")
    print("admin anon", r.status_code, r.get("Location"))
    r = client.get("/admin/", follow=True)
    print("chain", r.redirect_chain, r.status_code)
    r = client.get("/accounts/signup/")
    print("signup", r.status_code, [t.name for t in r.templates][:3])
    r = client.post("/accounts/signup/", {"email": "x@example.cn", "username": "x", "password1": "Abc-12345-xyz", "password2": "Abc-12345-xyz"})
    print("signup post", r.status_code)
    u = UserFactory(username="bob", email="bob@example.cn")
    r = client.post("/accounts/password/reset/", {"email": "bob@example.cn"})
    print("reset", r.status_code, r.get("Location"), len(mail.outbox), mail.outbox and mail.outbox[0].to)
    r = client.post("/accounts/login/", {"login": "bob@example.cn", "password": PASSWORD})
    print("login email", r.status_code, r.get("Location"))
    r = client.get("/accounts/2fa/")
    print("2fa", r.status_code, r.get("Location"))
    r = client.get("/admin/")
    print("admin nonstaff", r.status_code, r.get("Location"))
    r = client.get("/admin/", follow=True)
    print("chain", r.redirect_chain, r.status_code)
    client.logout()
    for i in range(6):
        r = client.post("/accounts/login/", {"login": "bob", "password": "wrong" if i < 5 else PASSWORD})
        print(i, r.status_code, r.context and r.context["form"].errors)
