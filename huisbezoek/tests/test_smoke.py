def test_teacher_home_shows_their_group(client, teacher, pupil):
    client.force_login(teacher)
    response = client.get("/")
    assert response.status_code == 200
    assert "Welkom, <bdi>Fatima</bdi>" in response.content.decode()
    assert "Groep 3a" in response.content.decode()
