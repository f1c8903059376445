"""Activities' pages, namespace ``activities``: one section per subject, in the order of
``activities/views/``."""

from django.urls import path

from activities.views import courses, liaison, log, research, resolutions, study, wishes

app_name = "activities"

urlpatterns = [
    # --- log (活动台账): activities and their photos --------------------------------------------------
    path("", log.activity_list, name="list"),
    path("export/", log.activity_export, name="export"),
    path("new/", log.activity_create, name="create"),
    path("<int:pk>/", log.activity_detail, name="detail"),
    path("<int:pk>/edit/", log.activity_edit, name="edit"),
    path("<int:pk>/photos/", log.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/<str:size>/", log.photo, name="photo"),
    # --- resolutions (微议事 议定事项): the matters a meeting agreed -------------------------------------
    path("<int:pk>/resolutions/", resolutions.resolution_add, name="resolution_add"),
    path("resolutions/", resolutions.resolution_list, name="resolutions"),
    path(
        "resolutions/<int:pk>/follow-up/",
        resolutions.resolution_follow_up,
        name="resolution_follow_up",
    ),
    # --- wishes (微心愿) -----------------------------------------------------------------------------
    path("wishes/", wishes.wish_list, name="wishes"),
    path("wishes/export/", wishes.wish_export, name="wish_export"),
    path("wishes/new/", wishes.wish_create, name="wish_create"),
    path("wishes/board/<int:workroom_pk>/", wishes.board, name="wish_board"),
    path("wishes/<int:pk>/", wishes.wish_detail, name="wish"),
    path("wishes/<int:pk>/claim/", wishes.wish_claim, name="wish_claim"),
    path("wishes/<int:pk>/release/", wishes.wish_release, name="wish_release"),
    path("wishes/<int:pk>/fulfil/", wishes.wish_fulfil, name="wish_fulfil"),
    path("wishes/<int:pk>/confirm/", wishes.wish_confirm, name="wish_confirm"),
    path("wishes/<int:pk>/spam/", wishes.wish_spam, name="wish_spam"),
    path("wishes/<int:pk>/not-spam/", wishes.wish_not_spam, name="wish_not_spam"),
    path("wishes/<int:pk>/photo/", wishes.wish_photo, name="wish_photo"),
    # --- courses (菜单课程): the menu, orders and their decisions -------------------------------------
    path("courses/orders/", courses.course_orders, name="course_orders"),
    path("courses/orders/export/", courses.course_orders_export, name="course_orders_export"),
    path("courses/orders/<int:pk>/", courses.course_order_detail, name="course_order_detail"),
    path(
        "courses/orders/<int:pk>/confirm/",
        courses.course_order_confirm,
        name="course_order_confirm",
    ),
    path(
        "courses/orders/<int:pk>/decline/",
        courses.course_order_decline,
        name="course_order_decline",
    ),
    path("courses/<int:pk>/order/", courses.course_order, name="course_order"),
    path("courses/workrooms/<int:pk>/", courses.course_menu, name="course_menu"),
    path("courses/workrooms/<int:pk>/new/", courses.course_new, name="course_new"),
    # --- research (集中调查研究): topics, reports, forward and reply ------------------------------------
    path("research/", research.research_reports, name="research_reports"),
    path("research/export/", research.research_export, name="research_export"),
    path("research/topics/new/", research.research_topic_new, name="research_topic_new"),
    path("research/topics/<int:pk>/", research.research_topic, name="research_topic"),
    path(
        "research/topics/<int:pk>/report/",
        research.research_report_new,
        name="research_report_new",
    ),
    path("research/reports/<int:pk>/", research.research_report, name="research_report"),
    path(
        "research/reports/<int:pk>/attachment/",
        research.research_attachment,
        name="research_attachment",
    ),
    path(
        "research/reports/<int:pk>/forward/",
        research.research_report_forward,
        name="research_report_forward",
    ),
    path(
        "research/reports/<int:pk>/reply/",
        research.research_report_reply,
        name="research_report_reply",
    ),
    # --- liaison (个别谈话): the liaison office's talks with representatives --------------------------
    path("talks/", liaison.talks, name="talks"),
    path("talks/export/", liaison.talks_export, name="talks_export"),
    path("talks/new/", liaison.talk_new, name="talk_new"),
    # --- study (研学): plans and sessions -----------------------------------------------------------
    path("study/", study.study, name="study"),
    path("study/plans/new/", study.study_plan_new, name="study_plan_new"),
    path("study/sessions/new/", study.study_session_new, name="study_session_new"),
]
