from django.http import HttpResponse


def raise_request(request, pk):
    return HttpResponse("request")


def post_wish(request, pk):
    return HttpResponse("wish")
