from django.urls import path

from quiz import drill_views

app_name = "drills"

urlpatterns = [
    path("", drill_views.drill_list, name="list"),
    path("<slug:slug>/", drill_views.drill_detail, name="detail"),
    path("<slug:slug>/grade/", drill_views.drill_submit, name="grade"),
]
