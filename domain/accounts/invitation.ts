/**
 * The email that tells a person their account is open: its user name, a temporary password, and
 * where to sign in. One text for both hosts: on AWS Cognito sends it (the user pool's invitation
 * template, with Cognito's placeholders `{username}` and `{####}`), on the local platform the
 * local account directory sends it through SES.
 */
export const INVITATION_SUBJECT = 'Votre accès à l’appel à projets inclusion durable 2026';

export function invitationBody(consoleUrl: string, username = '{username}', temporaryPassword = '{####}'): string {
  return [
    'Bonjour,',
    'Un compte vous a été ouvert pour l’appel à projets des politiques d’inclusion durable 2026 du Département du Pas-de-Calais.',
    `Identifiant : ${username}`,
    `Mot de passe provisoire : ${temporaryPassword}`,
    `Connectez-vous sur ${consoleUrl} : à la première connexion, vous choisirez votre mot de passe et configurerez une application d’authentification (double facteur).`,
  ].join('<br/>');
}
