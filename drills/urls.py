from django.urls import path

from drills import views

app_name = "drills"

urlpatterns = [
    path("", views.drill_list, name="list"),
    path("<slug:slug>/", views.drill_detail, name="detail"),
    path("<slug:slug>/grade/", views.drill_submit, name="grade"),
]
