"""URLs of the menu courses, research topics, liaison talks and study, and the representative's
record (履职档案). ``activities/urls.py`` (app_name "activities") appends these."""

from django.urls import path

from activities import courses_views, liaison_views, record_views, research_views

urlpatterns = [
    # 菜单课程
    path("courses/orders/", courses_views.course_orders, name="course_orders"),
    path("courses/orders/export/", courses_views.course_orders_export, name="course_orders_export"),
    path("courses/orders/<int:pk>/", courses_views.course_order_detail, name="course_order_detail"),
    path(
        "courses/orders/<int:pk>/confirm/",
        courses_views.course_order_confirm,
        name="course_order_confirm",
    ),
    path(
        "courses/orders/<int:pk>/decline/",
        courses_views.course_order_decline,
        name="course_order_decline",
    ),
    path("courses/<int:pk>/order/", courses_views.course_order, name="course_order"),
    path("courses/workrooms/<int:pk>/", courses_views.course_menu, name="course_menu"),
    path("courses/workrooms/<int:pk>/new/", courses_views.course_new, name="course_new"),
    # 集中调查研究
    path("research/", research_views.research_reports, name="research_reports"),
    path("research/export/", research_views.research_export, name="research_export"),
    path("research/topics/new/", research_views.research_topic_new, name="research_topic_new"),
    path("research/topics/<int:pk>/", research_views.research_topic, name="research_topic"),
    path(
        "research/topics/<int:pk>/report/",
        research_views.research_report_new,
        name="research_report_new",
    ),
    path("research/reports/<int:pk>/", research_views.research_report, name="research_report"),
    path(
        "research/reports/<int:pk>/attachment/",
        research_views.research_attachment,
        name="research_attachment",
    ),
    path(
        "research/reports/<int:pk>/forward/",
        research_views.research_report_forward,
        name="research_report_forward",
    ),
    path(
        "research/reports/<int:pk>/reply/",
        research_views.research_report_reply,
        name="research_report_reply",
    ),
    # 个别谈话、研学
    path("talks/", liaison_views.talks, name="talks"),
    path("talks/export/", liaison_views.talks_export, name="talks_export"),
    path("talks/new/", liaison_views.talk_new, name="talk_new"),
    path("study/", liaison_views.study, name="study"),
    path("study/plans/new/", liaison_views.study_plan_new, name="study_plan_new"),
    path("study/sessions/new/", liaison_views.study_session_new, name="study_session_new"),
    # 履职档案
    path("record/me/", record_views.my_record, name="my_record"),
    path("record/<int:pk>/", record_views.record, name="record"),
    path("record/<int:pk>/export/", record_views.record_export, name="record_export"),
]
