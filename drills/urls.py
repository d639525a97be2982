from django.urls import path

from drills import views

app_name = "drills"

urlpatterns = [
    path("", views.drill_list, name="list"),
    path("reviews/seen/", views.reviews_seen, name="reviews-seen"),
    path("<slug:slug>/", views.drill_detail, name="detail"),
    path("<slug:slug>/grade/", views.drill_submit, name="grade"),
]
