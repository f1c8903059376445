"""The tracking page: the resident's code shows where the matter stands, by role and date,
never staff notes or other people's data; after the reply the resident gives the feedback
there, exactly once, with the same effect as a return visit. Wrong codes show nothing and are
rate-limited."""

import pytest
from django.urls import reverse

from petitions import workflow
from petitions.models import Petition, ReplyMethod, Resolution, Satisfaction, State, Triage
from public import codes
from public.models import Submission
from tests.public.helpers import request_data, wish_data

pytestmark = pytest.mark.django_db

HANDLING_NOTE = "内部备注：物业经理张建国 13700001234 推诿"


def _submit(client, workroom, kind="request"):
    if kind == "request":
        response = client.post(reverse("public:request", args=[workroom.pk]), request_data())
    else:
        response = client.post(reverse("public:wish", args=[workroom.pk]), wish_data())
    html = response.content.decode()
    start = html.index('class="tracking-code"')
    return html[html.index(">", start) + 1 : html.index("<", start + 1)].strip()


def _track(client, code):
    return client.post(reverse("public:track"), {"code": code})


def _feedback(client, code, satisfaction=Satisfaction.SATISFIED, resolution=Resolution.SOLVED):
    return client.post(
        reverse("public:track"),
        {
            "action": "feedback",
            "code": code,
            "satisfaction": satisfaction,
            "resolution": resolution,
            "comment": "谢谢",
        },
    )


def _replied(code, clerk):
    petition = Submission.objects.get(code_digest=codes.digest(code)).petition
    petition = workflow.receive(petition, actor=clerk, triage=Triage.TIME_LIMITED, handler=clerk)
    petition = workflow.handle(petition, actor=clerk, result=HANDLING_NOTE)
    return workflow.reply(
        petition, actor=clerk, content="路灯已于周三修复，感谢反映。", method=ReplyMethod.PHONE
    )


def test_the_code_shows_the_steps_the_role_and_the_reply_and_no_staff_notes(client, wr, clerk_a):
    code = _submit(client, wr.a)
    _replied(code, clerk_a)

    response = _track(client, code)

    html = response.content.decode()
    assert response.status_code == 200
    assert "路灯已于周三修复" in html
    assert "工作人员" in html or "staff" in html  # who handles it, by role
    assert clerk_a.display_name not in html
    assert HANDLING_NOTE not in html
    assert "13700001234" not in html
    assert "no-store" in response["Cache-Control"]


def test_the_code_may_be_typed_in_lower_case_with_spaces(client, wr):
    code = _submit(client, wr.a)

    typed = code.lower().replace("-", " ")
    assert _track(client, typed).status_code == 200


def test_a_wrong_code_shows_nothing(client, wr):
    _submit(client, wr.a)

    response = _track(client, "ABCD-EFGH-JKMN")

    assert response.status_code == 404
    html = response.content.decode()
    assert "小区门口的路灯" not in html
    assert "王秀英" not in html


def test_guessing_codes_is_rate_limited_even_for_a_right_code(client, wr, settings):
    settings.PUBLIC_WRONG_CODES_PER_ADDRESS_PER_HOUR = 5
    code = _submit(client, wr.a)
    statuses = [_track(client, f"ABCD-EFGH-JK{c}{c}").status_code for c in "ABCDEFG"]

    assert statuses[:5] == [404] * 5
    assert set(statuses[5:]) == {429}
    # Once locked out, the right code shows nothing either.
    response = _track(client, code)
    assert response.status_code == 429
    assert "小区门口的路灯" not in response.content.decode()


def test_no_feedback_before_the_reply(client, wr, clerk_a):
    code = _submit(client, wr.a)

    page = _track(client, code).content.decode()
    assert 'name="satisfaction"' not in page
    response = _feedback(client, code)

    assert response.status_code == 409
    petition = Petition.objects.get()
    assert petition.state == State.REGISTERED
    assert petition.satisfaction == ""


def test_feedback_after_the_reply_is_the_feedback_step(client, wr, clerk_a):
    code = _submit(client, wr.a)
    _replied(code, clerk_a)
    assert 'name="satisfaction"' in _track(client, code).content.decode()

    response = _feedback(client, code)

    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.state == State.FEEDBACK
    assert petition.satisfaction == Satisfaction.SATISFIED
    assert petition.updated_by is None
    entry = petition.history.order_by("-at", "-pk").first()
    assert entry.action == "resident_feedback"
    assert entry.actor is None
    assert entry.data["by"] == "resident"
    # The clerk archives it as after a return visit.
    workflow.archive(petition, actor=clerk_a)
    assert Petition.objects.get().state == State.ARCHIVED


def test_feedback_counts_exactly_once(client, wr, clerk_a):
    code = _submit(client, wr.a)
    _replied(code, clerk_a)

    first = _feedback(client, code)
    second = _feedback(client, code, satisfaction=Satisfaction.DISSATISFIED)

    assert first.status_code == 200
    assert second.status_code == 409
    petition = Petition.objects.get()
    assert petition.satisfaction == Satisfaction.SATISFIED
    assert petition.history.filter(action="resident_feedback").count() == 1


def test_a_return_visit_first_means_the_residents_feedback_is_not_taken(client, wr, clerk_a):
    code = _submit(client, wr.a)
    petition = _replied(code, clerk_a)
    workflow.feedback(
        petition,
        actor=clerk_a,
        satisfaction=Satisfaction.BASICALLY,
        resolution=Resolution.SOLVED,
    )

    response = _feedback(client, code, satisfaction=Satisfaction.DISSATISFIED)

    assert response.status_code == 409
    fresh = Petition.objects.get()
    assert fresh.satisfaction == Satisfaction.BASICALLY
    assert fresh.state == State.FEEDBACK


def test_a_dissatisfied_resident_sends_the_request_back_to_reception(client, wr, clerk_a):
    code = _submit(client, wr.a)
    _replied(code, clerk_a)

    _feedback(
        client, code, satisfaction=Satisfaction.DISSATISFIED, resolution=Resolution.NOT_SOLVED
    )

    petition = Petition.objects.get()
    assert petition.state == State.RECEIVED
    assert petition.returns == 1
    assert petition.deadline is not None
    assert petition.replied_at is None
    # The tracking page says so, and offers no second feedback now.
    page = _track(client, code).content.decode()
    assert 'name="satisfaction"' not in page


def test_a_resident_cannot_give_feedback_on_someone_elses_request(client, wr, clerk_a):
    mine = _submit(client, wr.a)
    other = _submit(client, wr.a)
    _replied(other, clerk_a)
    _replied(mine, clerk_a)
    other_petition = Submission.objects.get(code_digest=codes.digest(other)).petition

    # The feedback goes to the request the code opens, never another.
    _feedback(client, mine, satisfaction=Satisfaction.DISSATISFIED)

    assert Petition.objects.get(pk=other_petition.pk).state == State.REPLIED


def test_a_wish_is_followed_with_its_code(client, wr):
    code = _submit(client, wr.a, kind="wish")

    response = _track(client, code)

    assert response.status_code == 200
    assert "想给独居的奶奶借一辆轮椅" in response.content.decode()
