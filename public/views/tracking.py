from django.http import HttpResponse


def track(request):
    return HttpResponse("track")
