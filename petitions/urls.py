from django.urls import path

from petitions.views import lists, requests, steps

app_name = "petitions"

urlpatterns = [
    # The lists
    path("", lists.petition_list, name="list"),
    path("ledger/", lists.ledger, name="ledger"),
    path("export/", lists.export, name="export"),
    path("mine/", lists.mine, name="mine"),
    path("spam/", lists.spam, name="spam_list"),
    path("archive.pdf", lists.archive_pdf, name="archive_pdf"),
    # One request
    path("new/", requests.register_petition, name="register"),
    path("earlier/", requests.earlier, name="earlier"),
    path("<int:pk>/", requests.petition_detail, name="detail"),
    path("<int:pk>/reveal/", requests.reveal, name="reveal"),
    path("<int:pk>/attachments/<int:attachment_pk>/", requests.attachment, name="attachment"),
    path("<int:pk>/record.pdf", requests.record_pdf, name="record_pdf"),
    # 请示: the superior's answer, or the handler withdrawing the question
    path(
        "<int:pk>/referrals/<int:referral_pk>/answer/",
        steps.referral_answer,
        name="referral_answer",
    ),
    path(
        "<int:pk>/referrals/<int:referral_pk>/withdraw/",
        steps.referral_withdraw,
        name="referral_withdraw",
    ),
    # The moves of the six steps (petitions.moves.MOVES), one POST view each
    path("<int:pk>/receive/", steps.receive, name="receive"),
    path("<int:pk>/on-the-spot/", steps.on_the_spot, name="on_the_spot"),
    path("<int:pk>/note/", steps.note, name="note"),
    path("<int:pk>/refer/", steps.refer, name="refer"),
    path("<int:pk>/attach/", steps.attach, name="attach"),
    path("<int:pk>/transfer/", steps.transfer, name="transfer"),
    path("<int:pk>/escalate/", steps.escalate, name="escalate"),
    path("<int:pk>/reassign/", steps.reassign, name="reassign"),
    path("<int:pk>/handle/", steps.handle, name="handle"),
    path("<int:pk>/reply/", steps.reply, name="reply"),
    path("<int:pk>/feedback/", steps.feedback, name="feedback"),
    path("<int:pk>/archive/", steps.archive, name="archive"),
    path("<int:pk>/unarchive/", steps.unarchive, name="unarchive"),
    path("<int:pk>/spam/", steps.spam, name="spam"),
    path("<int:pk>/not-spam/", steps.not_spam, name="not_spam"),
]
