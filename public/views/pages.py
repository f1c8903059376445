from django.http import HttpResponse


def directory(request):
    return HttpResponse("directory")


def workroom(request, pk):
    return HttpResponse("workroom")


def language(request, code):
    return HttpResponse("language")
