from django.urls import path

from petitions import views, views_steps
from petitions.workflow import MOVES

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("ledger/", views.ledger, name="ledger"),
    path("export/", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.register_petition, name="register"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
]

# One URL and one view per move of the workflow table: /requests/<pk>/receive/, ...
urlpatterns += [
    path(f"<int:pk>/{name.replace('_', '-')}/", getattr(views_steps, name), name=name)
    for name in MOVES
]
